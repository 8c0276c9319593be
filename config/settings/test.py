"""Test settings: fast hashing, local memory cache, immediate tasks.

DATABASE_URL, SEARCH_URL and the S3 variables are honoured as in every settings
module; `make test` sets them to the real local services.
"""

import uuid

from config.settings import env
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, S3_OPTIONS, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = env.get("MEDIA_ROOT", str(BASE_DIR / ".services" / "test-media"))

# Each test worker (pytest-xdist, scripts/test.sh) keeps its files apart: tests
# list what they stored. The worker's bucket is created at the session's start
# (tests/parallel.py). A test's subprocess inherits the worker's name and so
# finds the same bucket.
TEST_WORKER = env.get("PYTEST_XDIST_WORKER")


def _in_bucket(storage: dict, bucket: str) -> dict:
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return storage
    return {**storage, "OPTIONS": {**options, "bucket_name": bucket}}


if TEST_WORKER:
    MEDIA_ROOT = f"{MEDIA_ROOT}/{TEST_WORKER}"
    if S3_OPTIONS:
        S3_OPTIONS = {
            **S3_OPTIONS,
            "bucket_name": f"{S3_OPTIONS['bucket_name']}-{TEST_WORKER}",
        }
        STORAGES = {
            alias: _in_bucket(storage, S3_OPTIONS["bucket_name"])
            for alias, storage in STORAGES.items()
        }

# Tests keep the database backend as the default so that ordinary tests stay fast
# and independent; the search service tests index into the engine explicitly
# through the "engine" alias (tests/conftest.py), with a per-run index prefix.
_remote = env.search_backends(index_prefix=f"test_{uuid.uuid4().hex[:8]}_")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if _remote["default"]["BACKEND"] != "wagtail.search.backends.database":
    WAGTAILSEARCH_BACKENDS["engine"] = {**_remote["default"], "AUTO_UPDATE": False}
SITE_REGISTRY_ALLOW_LOCALHOST = env.get_bool("SITE_REGISTRY_ALLOW_LOCALHOST", True)
# Tests build the segmenter when they first search; bench/search.py turns the
# preload on to measure it.
SEARCH_PRELOAD_SEGMENTER = env.get_bool("SEARCH_PRELOAD_SEGMENTER", False)
WARM_UP_ON_START = env.get_bool("WARM_UP_ON_START", False)
# Django's test client sends Host: testserver (Django itself allows it during
# tests); the registry lets it through to Wagtail's own site lookup.
SITE_REGISTRY_TEST_HOST = "testserver"
