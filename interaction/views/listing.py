"""Public listing of a site's messages on its own host: the channels, the
yearly statistics, a channel's published messages and one message."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from interaction.selectors import public, statistics
from interaction.selectors.sites import public_site


@require_GET
def index(request):
    site = public_site(request)
    channels = public.public_channels(site).filter(is_active=True)
    return TemplateResponse(
        request, "interaction/listing/index.html", {"site": site, "channels": channels}
    )


@require_GET
def statistics_view(request):
    site = public_site(request)
    return TemplateResponse(
        request,
        "interaction/listing/statistics.html",
        {"site": site, "years": statistics.cached_yearly_statistics(site)},
    )


def _channel(request, channel_slug):
    site = public_site(request)
    return get_object_or_404(public.public_channels(site), slug=channel_slug)


@require_GET
def channel(request, channel_slug):
    channel = _channel(request, channel_slug)
    q = " ".join(request.GET.get("q", "").split())[: public.MAX_QUERY_LENGTH]
    page_obj = public.listing_page(channel, q=q, page=request.GET.get("page") or 1)
    return TemplateResponse(
        request,
        "interaction/listing/channel.html",
        {
            "channel": channel,
            "page_obj": page_obj,
            "q": q,
            # Pagination links keep the search.
            "query_string": urlencode({"q": q}) if q else "",
        },
    )


@require_GET
def message(request, channel_slug, pk):
    channel = _channel(request, channel_slug)
    found = public.published_message(channel, pk)
    if found is None:
        raise Http404
    return TemplateResponse(
        request,
        "interaction/listing/message.html",
        {"channel": channel, "message": public.public_message(found, channel=channel)},
    )
