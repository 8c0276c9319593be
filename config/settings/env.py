"""Read configuration from environment variables.

Every helper raises ``ImproperlyConfigured`` naming the variable when a value is
malformed, so a bad deployment stops at start-up instead of failing later.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from search.index_settings import CHINESE_INDEX_SETTINGS

# SEARCH_ENGINE value -> Wagtail search backend module.
SEARCH_ENGINES = {
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def require(name: str) -> str:
    value = get(name)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return value


def get_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be a boolean (1/0, true/false), "
        f"got {value!r}."
    )


def get_int(name: str, default: int) -> int:
    value = get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be an integer, got {value!r}."
        ) from None


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    value = get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def _require_http_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be an http(s) URL, got {value!r}."
        )
    return value


def database(name: str = "DATABASE_URL", *, default: str) -> dict:
    url = get(name, default)
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid database URL: {error}"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"Environment variable {name} names no engine.")
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        # The embedded database has one writer at a time: wait for the lock
        # (the admin's autosave and a publish overlap) instead of failing at
        # once, and take it when a transaction starts, so a reader turning
        # writer mid-transaction cannot deadlock ("database is locked").
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": get_int("SQLITE_TIMEOUT", 20),
                "transaction_mode": "IMMEDIATE",
            }
        )
    return config


def search_backends(*, index_prefix: str) -> dict:
    """Wagtail's database backend by default; a remote engine when SEARCH_URL is set."""
    url = get("SEARCH_URL")
    if url is None:
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    _require_http_url("SEARCH_URL", url)
    engine = get("SEARCH_ENGINE", "opensearch3")
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"Environment variable SEARCH_ENGINE must be one of "
            f"{', '.join(sorted(SEARCH_ENGINES))}, got {engine!r}."
        )
    return {
        "default": {
            "BACKEND": SEARCH_ENGINES[engine],
            "URLS": [url],
            "INDEX_PREFIX": index_prefix,
            "TIMEOUT": get_int("SEARCH_TIMEOUT", 10),
            "ATOMIC_REBUILD": True,
            "OPTIONS": {},
            "INDEX_SETTINGS": CHINESE_INDEX_SETTINGS,
        }
    }


def s3_storage() -> dict | None:
    """Options for django-storages' S3 backend, or None for local files."""
    bucket = get("AWS_STORAGE_BUCKET_NAME")
    if bucket is None:
        return None
    options = {
        "bucket_name": bucket,
        "access_key": require("AWS_ACCESS_KEY_ID"),
        "secret_key": require("AWS_SECRET_ACCESS_KEY"),
        "region_name": get("AWS_S3_REGION_NAME", "us-east-1"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": get_bool("AWS_QUERYSTRING_AUTH", True),
        "signature_version": "s3v4",
    }
    endpoint = get("AWS_S3_ENDPOINT_URL")
    if endpoint is not None:
        options["endpoint_url"] = _require_http_url("AWS_S3_ENDPOINT_URL", endpoint)
        # Self-hosted S3 servers rarely support virtual-host bucket addressing.
        options["addressing_style"] = "path"
    custom_domain = get("AWS_S3_CUSTOM_DOMAIN")
    if custom_domain is not None:
        options["custom_domain"] = custom_domain
    return options


def cache(name: str = "CACHE_URL", *, default: str = "locmem://") -> dict:
    """Parse CACHE_URL: locmem://, dummy://, db://TABLE or file:///ABS/PATH."""
    url = get(name, default)
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if parts.scheme == "db" and parts.netloc:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc,
        }
    if parts.scheme == "file" and parts.path.startswith("/"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
        }
    raise ImproperlyConfigured(
        f"Environment variable {name} must be locmem://, dummy://, db://TABLE or "
        f"file:///ABSOLUTE/PATH, got {url!r}."
    )
