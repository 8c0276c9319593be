"""Fragment-cache keys for public templates.

Expensive template fragments (menus, home-page blocks) are cached under keys that
include a content version. Publishing, unpublishing, moving or deleting any page
bumps the version, so every cached fragment of every site is rebuilt on its next
view: a cheap, always-correct invalidation (publishing is rare compared to views).
"""

import time

from django.core.cache import cache

VERSION_KEY = "public-content-version"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = bump_content_version()
    return version


def bump_content_version() -> str:
    """Invalidate every cached public fragment."""
    version = f"{time.time_ns():x}"
    cache.set(VERSION_KEY, version, timeout=None)
    return version
