import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("AWS_", "SEARCH_", "DATABASE_", "CACHE_")):
            monkeypatch.delenv(name)
    return monkeypatch


def test_database_defaults_to_sqlite(clean_env):
    config = env.database(default="sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/x.sqlite3"


def test_database_url_is_honoured(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/cluster")
    config = env.database(default="sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.example",
        5433,
        "cluster",
    )


def test_malformed_database_url_names_the_variable(clean_env):
    clean_env.setenv("DATABASE_URL", "nosuchdb://x/y")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database(default="sqlite:////tmp/x.sqlite3")


def test_search_defaults_to_database_backend(clean_env):
    backends = env.search_backends(index_prefix="p_")
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"


@pytest.mark.parametrize(
    ("engine", "module"),
    [
        ("opensearch2", "wagtail.search.backends.opensearch2"),
        ("opensearch3", "wagtail.search.backends.opensearch3"),
        ("elasticsearch8", "wagtail.search.backends.elasticsearch8"),
        ("elasticsearch9", "wagtail.search.backends.elasticsearch9"),
    ],
)
def test_search_engine_selects_wagtail_backend(clean_env, engine, module):
    clean_env.setenv("SEARCH_URL", "http://search.example:9200")
    clean_env.setenv("SEARCH_ENGINE", engine)
    config = env.search_backends(index_prefix="p_")["default"]
    assert config["BACKEND"] == module
    assert config["URLS"] == ["http://search.example:9200"]
    assert config["INDEX_PREFIX"] == "p_"
    analyzer = config["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzer["default"] == {"type": "cjk"}


def test_unknown_search_engine_is_refused(clean_env):
    clean_env.setenv("SEARCH_URL", "http://search.example:9200")
    clean_env.setenv("SEARCH_ENGINE", "solr")
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE"):
        env.search_backends(index_prefix="")


def test_malformed_search_url_is_refused(clean_env):
    clean_env.setenv("SEARCH_URL", "search.example:9200")
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL"):
        env.search_backends(index_prefix="")


def test_s3_needs_credentials(clean_env):
    clean_env.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    with pytest.raises(ImproperlyConfigured, match="AWS_ACCESS_KEY_ID"):
        env.s3_storage()


def test_s3_options(clean_env):
    assert env.s3_storage() is None
    clean_env.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    clean_env.setenv("AWS_ACCESS_KEY_ID", "key")
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    clean_env.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9390")
    options = env.s3_storage()
    assert options["bucket_name"] == "media"
    assert options["endpoint_url"] == "http://127.0.0.1:9390"
    assert options["addressing_style"] == "path"


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "locmem.LocMemCache"),
        ("dummy://", "dummy.DummyCache"),
        ("db://cache_table", "db.DatabaseCache"),
        ("file:///tmp/cache", "filebased.FileBasedCache"),
    ],
)
def test_cache_url(clean_env, url, backend):
    clean_env.setenv("CACHE_URL", url)
    assert env.cache()["BACKEND"].endswith(backend)


@pytest.mark.parametrize("url", ["redis", "file://relative", "db://"])
def test_bad_cache_url_names_the_variable(clean_env, url):
    clean_env.setenv("CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        env.cache()


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_bad_boolean_names_the_variable(clean_env, value):
    clean_env.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.get_bool("DEBUG")


def _load_production(**variables):
    """Import the production settings in a fresh interpreter with only `variables`."""
    environment = {"PATH": os.environ["PATH"], **variables}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
    "WAGTAILADMIN_BASE_URL": "https://www.example.gov.cn",
    "TRUSTED_PROXY_COUNT": "1",
}


def test_production_starts_with_complete_environment():
    result = _load_production(**PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "DATABASE_URL", "WAGTAILADMIN_BASE_URL", "TRUSTED_PROXY_COUNT"],
)
def test_production_refuses_missing_variable(missing):
    variables = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _load_production(**variables)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required" in result.stderr


def test_production_refuses_short_secret_key():
    result = _load_production(**{**PRODUCTION, "SECRET_KEY": "short"})
    assert "SECRET_KEY must be at least 32 characters" in result.stderr


def test_production_refuses_malformed_search_url():
    result = _load_production(**PRODUCTION, SEARCH_URL="not a url")
    assert "SEARCH_URL" in result.stderr
    assert result.returncode != 0
