"""Click-through of search results (#20.8), without JavaScript.

A result link goes through ``/search/click/?q=…&entry=…&pos=…``: the endpoint
looks the entry up, answers with a redirect to the entry's own public address
(never to an address taken from the request, so it is no open redirect) and
records the query, the entry and the position. A private entry, one on a closed
site or one no longer public gives 404 and records nothing. As for the query
log, nothing personal is kept: no address, user, session or referrer.

The reports (search.reports) read the clicks beside the query log: queries that
find nothing, and queries searched often whose results are rarely opened.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from search.models import SearchClick, SearchEntry, SearchQueryLog
from search.requests import MAX_PAGE
from search.selectors.hits import entry_urls
from search.selectors.scope import open_profile_ids

MAX_QUERY_LENGTH = 200
# Positions beyond the last reachable result are not believed.
MAX_POSITION = MAX_PAGE * 50


def click_url(*, query: str, entry_id: int, position: int, subsite=None) -> str:
    params = {"q": query[:MAX_QUERY_LENGTH], "entry": entry_id, "pos": position}
    if subsite:
        params["subsite"] = subsite
    return f"{reverse('search_click')}?{urlencode(params)}"


def public_target(*, entry_id, http_request=None) -> tuple[SearchEntry, str] | None:
    """The entry and its public address, or None when it is not a result a
    visitor could have been shown (unknown, private, closed site, withdrawn)."""
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError):
        return None
    entry = (
        SearchEntry.objects.filter(
            pk=entry_id, private=False, profile_id__in=open_profile_ids()
        )
        .only("pk", "page_id", "message_id", "profile_id")
        .first()
    )
    if entry is None:
        return None
    url = entry_urls([entry], http_request=http_request).get(entry.pk)
    return (entry, url) if url else None


def parse_position(value) -> int | None:
    try:
        position = int(value)
    except (TypeError, ValueError):
        return None
    return position if 1 <= position <= MAX_POSITION else None


def record_click(
    *, query: str, entry: SearchEntry, position: int | None, profile
) -> SearchClick | None:
    """Record one opened result; nothing for a blank query or a bad position."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query or position is None:
        return None
    return SearchClick.objects.create(
        query=query, entry=entry, position=position, profile=profile
    )


# --- Reports -------------------------------------------------------------------


def low_click_min_searches() -> int:
    return int(getattr(settings, "SEARCH_LOW_CLICK_MIN_SEARCHES", 5))


def low_click_max_rate() -> float:
    return float(getattr(settings, "SEARCH_LOW_CLICK_MAX_RATE", 0.1))


def click_counts(clicks: QuerySet) -> Subquery:
    """Clicks per query (the outer row's ``query``) among ``clicks``."""
    return Coalesce(
        Subquery(
            clicks.filter(query=OuterRef("query"))
            .order_by()
            .values("query")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def queries_with_clicks(logs: QuerySet, clicks: QuerySet) -> QuerySet:
    """One row per query of ``logs``: searches, clicks, average results."""
    from django.db.models import Avg, Max

    return (
        logs.values("query")
        .annotate(
            searches=Count("pk"),
            average_results=Avg("result_count"),
            last_searched=Max("created_at"),
            clicks=click_counts(clicks),
        )
        .order_by("-searches", "query")
    )


def low_click_queries(logs: QuerySet, clicks: QuerySet) -> QuerySet:
    """Queries searched at least the minimum number of times, with results,
    whose results are opened less often than the threshold rate."""
    return queries_with_clicks(logs.filter(result_count__gt=0), clicks).filter(
        Q(searches__gte=low_click_min_searches())
        & Q(
            clicks__lt=ExpressionWrapper(
                F("searches") * Value(low_click_max_rate()), output_field=FloatField()
            )
        )
    )


def visible_logs(profiles) -> tuple[QuerySet, QuerySet]:
    """The query log and clicks of ``profiles`` (None: every site)."""
    logs, clicks = SearchQueryLog.objects.all(), SearchClick.objects.all()
    if profiles is not None:
        logs = logs.filter(profile__in=profiles)
        clicks = clicks.filter(profile__in=profiles)
    return logs, clicks
