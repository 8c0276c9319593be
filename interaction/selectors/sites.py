"""Which registered site a public interaction page belongs to."""

from __future__ import annotations

from django.http import Http404
from wagtail.models import Site

from site_registry.models import SiteProfile
from site_registry.selectors import profile_for_site


def public_site(request) -> SiteProfile:
    """The servable site of the requesting host, else 404.

    Sub-sites share their portal's host; their channels are reached from the
    portal's pages (the portal's interaction pages list the portal's own).
    """
    profile = profile_for_site(site=Site.find_for_request(request))
    if profile is None or not profile.is_servable:
        raise Http404
    return profile
