"""Read queries shared by the public templates: navigation and home-page feeds.

Every query starts from the request's site; none of them touches page types of
other apps, so any column of any app can feed the home page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.utils.module_loading import import_string
from wagtail.models import Page, PageViewRestriction, Site

from core.detectors.misspellings import Entry, split_rule
from core.models import CommonMisspelling, SensitiveWord


def without_view_restrictions(pages: QuerySet) -> QuerySet:
    """Drop pages that are (or sit under) a page with view restrictions.

    Same result as Wagtail's ``.public()``, in the same query: ``.public()``
    first loads every restriction, one more query per listing.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.filter(~Exists(restricted))


def main_menu(*, root: Page) -> QuerySet:
    """The top-level pages of a site (or sub-site) home ``root`` marked "show in
    menus", in the editors' order."""
    pages = Page.objects.child_of(root).live().in_menu().order_by("path")
    return without_view_restrictions(pages)


def breadcrumbs(*, page: Page, root_id: int | None) -> list[Page]:
    """Ancestors of ``page`` from the (sub-)site's home ``root_id`` down,
    without ``page``."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    ids = [ancestor.id for ancestor in ancestors]
    if root_id in ids:
        ancestors = ancestors[ids.index(root_id) :]
    return ancestors


def latest_in_column(*, column: Page | None, limit: int) -> list[Page]:
    """The newest live, public items published directly in ``column``.

    Works for any column type (news, notices, the disclosure catalog...): items
    are the column's children, newest first by their real first publication.
    """
    if column is None:
        return []
    pages = Page.objects.child_of(column).live().order_by("-first_published_at", "-pk")
    return list(without_view_restrictions(pages)[:limit])


def newest_in_site(
    pages: QuerySet, *, page: Page, request: HttpRequest, limit: int
) -> list[Page]:
    """The newest live, public pages of ``pages`` on the request's site, other
    than ``page``: the 相关文件 of a page's tools (``core.page_tools``)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    pages = pages.live().in_site(site).exclude(pk=page.pk)
    pages = without_view_restrictions(pages).only(
        "id", "title", "url_path", "path", "depth", "locale_id", "first_published_at"
    )
    return list(pages.order_by("-first_published_at", "-pk")[:limit])


@dataclass
class SiteMapNode:
    page: Page
    children: list[SiteMapNode] = field(default_factory=list)


def site_map(*, root: Page) -> list[SiteMapNode]:
    """Top-level columns of a site (or sub-site) home and their sub-columns.

    A second-level page is listed when its type can hold pages (a sub-column) or
    is a fixed page of its parent (the disclosure guide and rules: one per
    catalog); articles, notices and documents are reached through their columns.
    """
    pages = (
        Page.objects.descendant_of(root)
        .live()
        .public()
        .filter(depth__lte=root.depth + 2)
        .order_by("path")
    )
    nodes: dict[str, SiteMapNode] = {}
    top: list[SiteMapNode] = []
    for page in pages:
        if page.depth == root.depth + 1:
            nodes[page.path] = SiteMapNode(page)
            top.append(nodes[page.path])
            continue
        parent = nodes.get(page.path[: -Page.steplen])
        page_type = page.specific_class
        if parent and (
            page_type.allowed_subpage_models() or page_type.max_count_per_parent == 1
        ):
            parent.children.append(SiteMapNode(page))
    return top


@dataclass(frozen=True)
class PolicyItem:
    """One State Council policy as listed on a home page."""

    title: str
    url: str
    date: datetime.date | None = None


def no_state_council_policies(
    *, request: HttpRequest | None, limit: int
) -> list[PolicyItem]:
    """Default source: nothing until the upstream library (reposting) exists."""
    return []


def state_council_policies_from_source(
    *, request: HttpRequest | None, limit: int
) -> list[PolicyItem]:
    """The newest State Council policies for the 国务院重要政策 block.

    The source is a function named by the STATE_COUNCIL_POLICIES_SOURCE setting
    (dotted path) taking ``request`` and ``limit`` keyword arguments and
    returning PolicyItem objects (reposting.selectors.state_council_policy_links
    by default).
    """
    source = import_string(
        getattr(
            settings,
            "STATE_COUNCIL_POLICIES_SOURCE",
            "core.selectors.no_state_council_policies",
        )
    )
    return list(source(request=request, limit=limit))[:limit]


THEME_CACHE_KEY = "site-theme:{site_id}"


def site_theme(*, site: Site | None):
    """The site's SiteTheme (banner loaded), from the cache when possible.

    Read on every public page; saved rarely, so it is cached until saved again
    (core.signal_handlers drops the entry).
    """
    from django.core.cache import cache

    from core.models import SiteTheme

    if site is None:
        return SiteTheme()
    key = THEME_CACHE_KEY.format(site_id=site.pk)
    theme = cache.get(key)
    if theme is None:
        theme = SiteTheme.objects.select_related("banner").filter(
            site=site
        ).first() or SiteTheme(site=site)
        cache.set(key, theme, timeout=None)
    return theme


def active_sensitive_words() -> list[str]:
    return list(
        SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True)
    )


def active_misspellings() -> tuple[Entry, ...]:
    """The office's active misspellings with their context rules."""
    rows = CommonMisspelling.objects.filter(is_active=True).values_list(
        "wrong", "correct", "not_before", "not_after", "only_after", "not_later"
    )
    return tuple(
        Entry(row[0], row[1], *(split_rule(rule) for rule in row[2:]))
        for row in rows.order_by("wrong")
    )
