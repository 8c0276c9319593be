"""Promoted results: Wagtail's search promotions, limited to the searched site.

Promotions are kept per query by ``wagtail.contrib.search_promotions``; a site
"pins" a result by promoting one of its own pages, so a site search shows only
promotions of pages on that site, and the cluster search those on open sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from search.selectors.scope import open_profile_ids
from site_registry.models import SiteProfile
from site_registry.selectors import profile_for_page


@dataclass
class Promotion:
    title: str
    url: str
    description: str


def promoted_results(
    *, query: str, profile: SiteProfile | None, request=None
) -> list[Promotion]:
    promotions = (
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(query)
        )
        .select_related("page")
        .order_by("sort_order")
    )
    allowed = set(open_profile_ids())
    result = []
    for promotion in promotions:
        page = promotion.page
        if page is None:
            # External links have no site: only the cluster search shows them.
            if profile is None and promotion.external_link_url:
                result.append(
                    Promotion(
                        promotion.external_link_text or promotion.external_link_url,
                        promotion.external_link_url,
                        promotion.description,
                    )
                )
            continue
        if not page.live or page.get_view_restrictions().exists():
            continue
        if profile is not None and not page.is_descendant_of(profile.root_page):
            if page.pk != profile.root_page_id:
                continue
        owner = profile_for_page(page=page)
        if owner is None or owner.pk not in allowed:
            continue
        result.append(
            Promotion(
                page.title, page.get_url(request=request) or "", promotion.description
            )
        )
    return result
