"""Read queries for public content."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from content.models import ArticlePage, NoticePage


def tagged_items(*, tag: str, site: Site | None, limit: int) -> list[Page]:
    """Articles and notices of ``site`` tagged ``tag``, newest first."""
    found: list[Page] = []
    for model in (ArticlePage, NoticePage):
        pages = model.objects.live().public().filter(tags__name=tag)
        if site is not None:
            pages = pages.in_site(site)
        found += pages.defer_streamfields().order_by("-first_published_at")[:limit]
    found.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return found[:limit]


@dataclass(frozen=True)
class DirectoryGroup:
    label: str
    sites: list[Site]


def cluster_directory() -> list[DirectoryGroup]:
    """Every site of the cluster grouped by level, for the 网站群导航 page.

    The single place that knows how sites are grouped. Until the site registry
    provides levels (portal, district/county portal, department, township), all
    Wagtail sites form one group, default site first, then by name.
    """
    sites = sorted(
        Site.objects.all(),
        key=lambda site: (not site.is_default_site, site.site_name or site.hostname),
    )
    return (
        [DirectoryGroup(label=str(_("本网站群各网站")), sites=sites)] if sites else []
    )
