"""Read queries for public content (the topic pages' tag query is
``content.models.tagged_items``: the page types run it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    url: str


@dataclass(frozen=True)
class DirectoryGroup:
    label: str
    sites: list[DirectoryEntry]


def cluster_directory() -> list[DirectoryGroup]:
    """Every open site of the cluster grouped by level, for the 网站群导航 page.

    The single place that knows how sites are grouped: by the registry's levels
    in their order (portals first, townships last); sub-sites are listed under
    their own level; closed and merged sites are left out. Within a level the
    default site comes first, then by name.
    """
    from site_registry.choices import SiteLevel, SiteStatus
    from site_registry.models import SiteProfile

    profiles = SiteProfile.objects.filter(status=SiteStatus.OPEN).select_related(
        "site", "root_page"
    )
    by_level: dict[str, list[SiteProfile]] = {}
    for profile in profiles:
        by_level.setdefault(profile.level, []).append(profile)
    groups = []
    for level in SiteLevel:
        members = sorted(
            by_level.get(level, []),
            key=lambda p: (not (p.site and p.site.is_default_site), p.name),
        )
        entries = [
            DirectoryEntry(name=p.name, url=p.root_page.get_full_url()) for p in members
        ]
        entries = [entry for entry in entries if entry.url]
        if entries:
            groups.append(DirectoryGroup(label=str(level.label), sites=entries))
    return groups
