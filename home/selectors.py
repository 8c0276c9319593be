"""Reads of the column skeletons: which definition a site gets."""

from __future__ import annotations

from home.choices import SiteType
from site_registry.choices import PORTAL_LEVELS, SiteLevel


def site_type_for_level(level: str) -> str:
    """The skeleton type of a site level: the one place levels map to types.

    Province, city and county portals share the portal skeleton; a township
    gets the township skeleton whether it has a site or is a sub-site.
    """
    if level in PORTAL_LEVELS:
        return SiteType.PORTAL
    if level == SiteLevel.TOWNSHIP:
        return SiteType.TOWNSHIP
    return SiteType.DEPARTMENT
