"""Search queries: one code path for every Wagtail search backend."""

from wagtail.models import Page, Site

MAX_QUERY_LENGTH = 100


def search_pages(*, query: str, site: Site | None):
    """Live, public pages matching ``query``; within ``site`` or the whole cluster."""
    pages = Page.objects.live().public().specific()
    if site is not None:
        pages = pages.in_site(site)
    return pages.search(query)
