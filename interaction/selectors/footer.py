"""The site's own 我为政府网站找错 channel, shown in every page's footer beside
the national link: cached per site, so a page pays no query for it."""

from __future__ import annotations

from django.core.cache import cache

from interaction.choices import ChannelKind
from interaction.models import Channel

_KEY = "interaction:error-report-slug:{pk}"
_NONE = "-"  # cached "no such channel" (a slug is never "-")


def error_report_slug(profile_pk: int) -> str:
    """Slug of the site's active 找错 channel, or ""."""
    key = _KEY.format(pk=profile_pk)
    slug = cache.get(key)
    if slug is None:
        slug = (
            Channel.objects.filter(
                site_id=profile_pk, kind=ChannelKind.ERROR_REPORT, is_active=True
            )
            .order_by("sort_order", "pk")
            .values_list("slug", flat=True)
            .first()
        ) or _NONE
        cache.set(key, slug, None)
    return "" if slug == _NONE else slug


def forget_error_report_slug(profile_pk: int) -> None:
    cache.delete(_KEY.format(pk=profile_pk))
