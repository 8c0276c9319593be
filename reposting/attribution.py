"""Who a repost names as its source (来源) and where it links.

Apart from the selectors: the repost page renders it, and selectors read the
reposting models, so ``models`` importing ``selectors`` would be a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from disclosure_pages.models import DisclosureDocumentPage


def source_attribution(
    *, source: DisclosureDocumentPage, request=None
) -> tuple[str, str, str]:
    """(来源 name, its link, canonical URL) of a repost's source; no query once
    Wagtail's site roots and the registry identities are cached.

    A document no site serves is an upstream one: it names its organisation and
    links to the original. An in-cluster document names its site and links to
    its page there.
    """
    parts = source.get_url_parts(request=request)
    if parts is None:
        return source.publisher_display, source.source_url, source.source_url
    from site_registry.selectors import identity_for_page

    _site_id, root_url, path = parts
    url = f"{root_url}{path}"
    identity = identity_for_page(page=source)
    return (identity.name if identity else source.publisher_display), url, url
