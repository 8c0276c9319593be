"""Host name → what to do with the request, built from the registry and cached.

Each process keeps the map in memory, tagged with a generation token that
lives in the shared cache. A registry change (signals) writes a new token, and
every process rebuilds its map on its next request. Routing a request thus
costs one small cache read, no query and no unpickling of the whole map.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site

from site_registry.choices import SiteStatus
from site_registry.models import SiteDomain, SiteProfile

GENERATION_KEY = "site_registry:host_map:generation"
# A safety net for deployments whose processes do not share one cache: the map
# is rebuilt at least this often even if an invalidation was missed.
CACHE_TIMEOUT = 300

_local: dict = {"token": None, "map": None}

SERVE = "serve"
REDIRECT = "redirect"
GONE = "gone"


SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


@dataclass(frozen=True)
class HostRoute:
    action: str
    # Field values rather than a Site instance: the map is shared by every
    # request of the process, and Wagtail caches related objects on the Site.
    site_values: tuple = ()
    # For REDIRECT: target host and path prefix; keep_path appends the request
    # path (aliases, demoted sites) instead of landing on the target's home.
    target_host: str = ""
    target_prefix: str = "/"
    keep_path: bool = True
    # For GONE: the notice names the site and its successor.
    site_name: str = ""
    successor_name: str = ""
    successor_host: str = ""
    successor_prefix: str = "/"

    def new_site(self) -> Site | None:
        """A fresh Site instance for one request (no query)."""
        if not self.site_values:
            return None
        return Site.from_db("default", SITE_FIELDS, self.site_values)


def public_location(profile: SiteProfile) -> tuple[str, str] | None:
    """(primary host, path prefix) where a servable site or sub-site is served.

    A sub-site lives under its portal's domain at its section's path.
    """
    if not profile.is_servable:
        return None
    hosting = profile.hosting_site()
    if hosting.site_id is None:
        return None
    primary = hosting.primary_domain
    if primary is None:
        return None
    base_path = hosting.root_page.url_path
    prefix = "/" + profile.root_page.url_path[len(base_path) :]
    return primary.hostname, prefix


def _route_for_domain(domain: SiteDomain) -> HostRoute | None:
    profile = domain.profile
    if profile.status == SiteStatus.CLOSED:
        location = public_location(profile.successor) if profile.successor else None
        return HostRoute(
            action=GONE,
            site_name=profile.name,
            successor_name=profile.successor.name if location else "",
            successor_host=location[0] if location else "",
            successor_prefix=location[1] if location else "/",
        )
    if profile.status == SiteStatus.MERGED:
        location = public_location(profile.successor) if profile.successor else None
        if location is None:
            return HostRoute(action=GONE, site_name=profile.name)
        return HostRoute(
            action=REDIRECT,
            target_host=location[0],
            target_prefix=location[1],
            keep_path=False,
        )
    if profile.is_subsite:
        # Domains kept from before the site was demoted into its portal: every
        # old path moves to the same path inside the sub-site's section.
        if not profile.is_servable:
            # Closed with its portal: answered as a closed site is.
            return HostRoute(action=GONE, site_name=profile.name)
        location = public_location(profile)
        if location is None:
            return None
        return HostRoute(
            action=REDIRECT, target_host=location[0], target_prefix=location[1]
        )
    if domain.is_primary and profile.site_id:
        site = profile.site
        return HostRoute(
            action=SERVE,
            site_values=tuple(getattr(site, name) for name in SITE_FIELDS),
        )
    primary = profile.primary_domain
    if primary is None:
        return None
    return HostRoute(action=REDIRECT, target_host=primary.hostname)


def build_host_map() -> dict[str, HostRoute]:
    domains = SiteDomain.objects.select_related(
        "profile__site",
        "profile__root_page",
        "profile__parent__root_page",
        "profile__parent__parent",
        "profile__successor__root_page",
    ).prefetch_related("profile__domains")
    host_map = {}
    for domain in domains:
        route = _route_for_domain(domain)
        if route is not None:
            host_map[domain.hostname] = route
    test_host = getattr(settings, "SITE_REGISTRY_TEST_HOST", "")
    if test_host and test_host not in host_map:
        # Test settings only: Django's test client host keeps Wagtail's own
        # site lookup, as Django adds it to ALLOWED_HOSTS during tests.
        host_map[test_host] = HostRoute(action=SERVE)
    return host_map


def generation() -> str | None:
    """The registry's current generation token (new after every change).

    Other registry caches (site identities) put it in their keys, so one
    invalidation reaches them all.
    """
    token = cache.get(GENERATION_KEY)
    if token is None:
        # add() keeps a token another process wrote meanwhile.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, CACHE_TIMEOUT)
        token = cache.get(GENERATION_KEY)
    return token


def get_host_map() -> dict[str, HostRoute]:
    token = generation()
    if token is None or _local["token"] != token or _local["map"] is None:
        # Read the token before building: a change during the build writes a
        # newer token, so this map is rebuilt again on the next request.
        _local["map"], _local["token"] = build_host_map(), token
    return _local["map"]


def route_for_host(hostname: str) -> HostRoute | None:
    return get_host_map().get(hostname)


def clear_host_map() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, CACHE_TIMEOUT)
