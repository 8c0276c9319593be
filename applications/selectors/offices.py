"""Which disclosure offices a site lists and accepts online applications for.

An office belongs to one registered site (``DisclosureOffice.site``), a full
site or a sub-site (a township's or department's section of its portal). Its
guide lists it; its online form is served on the host of the nearest full
site (a sub-site has no domain of its own).
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page, Site

from applications.models import DisclosureOffice
from site_registry.models import SiteProfile
from site_registry.selectors import profile_for_page, profile_for_site


def public_site(request) -> SiteProfile | None:
    """The servable registered site of the requesting host, else None."""
    profile = profile_for_site(site=Site.find_for_request(request))
    if profile is None or not profile.is_servable:
        return None
    return profile


def offices_for_page(page: Page) -> QuerySet[DisclosureOffice]:
    """The offices of the site or sub-site ``page`` belongs to (its guide)."""
    profile = profile_for_page(page=page)
    if profile is None:
        return DisclosureOffice.objects.none()
    return DisclosureOffice.objects.filter(site=profile).select_related("organization")


def online_office(*, site: SiteProfile, office_id: int) -> DisclosureOffice | None:
    """The office taking online applications on ``site``'s host, else None."""
    office = (
        DisclosureOffice.objects.filter(pk=office_id, accepts_online=True)
        .select_related("organization", "site", "site__parent")
        .first()
    )
    if office is None or not office.site.is_servable:
        return None
    if office.site.hosting_site().pk != site.pk:
        return None
    return office
