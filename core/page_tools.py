"""Page tools under a document, interpretation, news item or notice (#22):
previous/next in the column, related pages and the share QR code.

Everything is computed once per page and content version and cached, so a warm
page pays no SQL for them: publishing anything bumps the version
(``core.cache``), which also refreshes the neighbours of the pages around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Page, Site

from core.cache import content_version
from core.selectors import without_view_restrictions

CACHE_KEY = "page-tools:{version}:{site}:{page}:{lang}"
CACHE_SECONDS = 24 * 3600
RELATED_LIMIT = 5
LINK_FIELDS = ("id", "title", "url_path", "path", "depth", "locale_id")


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class PageTools:
    url: str  # the page's canonical absolute address, shared and encoded
    qr_svg: str  # inline SVG of ``url``
    previous: Link | None  # the newer neighbour (above in the column list)
    next: Link | None  # the older neighbour (below in the column list)
    related: tuple[Link, ...]


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG, dark on white even in dark themes."""
    svg = segno.make(url, error="m").svg_inline(
        scale=3, border=2, light="#fff", svgclass="qr-code", lineclass=None
    )
    label = escape(gettext("本页二维码"))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def neighbours(*, page: Page) -> tuple[Page | None, Page | None]:
    """(newer, older): the live, public pages of the same parent published just
    after and just before ``page``, by first publication then id, as the
    column lists them (newest first). Two small indexed queries."""
    published = page.first_published_at
    parent_path = page.path[: -Page.steplen]
    if published is None or not parent_path:
        return None, None
    siblings = without_view_restrictions(
        Page.objects.filter(
            path__startswith=parent_path, depth=page.depth, live=True
        ).exclude(pk=page.pk)
    ).only(*LINK_FIELDS)
    newer = siblings.filter(
        Q(first_published_at__gt=published)
        | Q(first_published_at=published, pk__gt=page.pk)
    ).order_by("first_published_at", "pk")
    older = siblings.filter(
        Q(first_published_at__lt=published)
        | Q(first_published_at=published, pk__lt=page.pk)
    ).order_by("-first_published_at", "-pk")
    return newer.first(), older.first()


def _link(page: Page | None, request: HttpRequest) -> Link | None:
    if page is None:
        return None
    url = page.get_url(request)
    return Link(page.title, url) if url else None


def build_page_tools(*, page: Page, request: HttpRequest) -> PageTools:
    url = page.get_full_url(request) or request.build_absolute_uri()
    newer, older = neighbours(page=page)
    related_fn = getattr(page, "related_pages", None)
    related = related_fn(request=request, limit=RELATED_LIMIT) if related_fn else []
    return PageTools(
        url=url,
        qr_svg=qr_svg(url),
        previous=_link(newer, request),
        next=_link(older, request),
        related=tuple(link for p in related if (link := _link(p, request))),
    )


def page_tools(*, page: Page, request: HttpRequest) -> PageTools:
    """The tools of ``page`` as served on the request's site, cached while no
    page changes. Previews and drafts are built afresh and never cached."""
    if getattr(request, "is_preview", False) or not page.live or not page.pk:
        return build_page_tools(page=page, request=request)
    site = Site.find_for_request(request)
    key = CACHE_KEY.format(
        version=content_version(),
        site=site.pk if site else 0,
        page=page.pk,
        lang=getattr(request, "LANGUAGE_CODE", ""),
    )
    tools = cache.get(key)
    if tools is None:
        tools = build_page_tools(page=page, request=request)
        cache.set(key, tools, CACHE_SECONDS)
    return tools
