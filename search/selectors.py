"""Search queries: one code path for every Wagtail search backend."""

from wagtail.models import Page, Site

MAX_QUERY_LENGTH = 100


def search_pages(*, query: str, site: Site | None, section: Page | None = None):
    """Live, public pages matching ``query``: within ``section`` (a sub-site's
    pages), ``site``, or the whole cluster."""
    pages = Page.objects.live().public().specific()
    if section is not None:
        pages = pages.descendant_of(section, inclusive=True)
    elif site is not None:
        pages = pages.in_site(site)
    return pages.search(query)
