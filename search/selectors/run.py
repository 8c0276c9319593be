"""Running a search and autocomplete: scope, query, hits and facets put
together, with the database's own answer while the engine is down."""

from __future__ import annotations

import logging
import time
import unicodedata

from django.conf import settings
from wagtail.search.backends import get_search_backend

from search import analysis, engine
from search.engine_adapter import backend_kind
from search.models import EntryKind
from search.requests import MAX_QUERY_LENGTH, SearchRequest
from search.selectors.facets import facets as count_facets
from search.selectors.hits import (
    Chain,
    SearchResponse,
    build_hits,
    entry_urls,
    page_of,
)
from search.selectors.query import (
    PARTIAL_THRESHOLD,
    apply_filters,
    build_query,
    listing,
    partial_query,
    priority_matches,
    related_terms,
    search,
    title_matches,
    title_only,
    wants_interpretation,
)
from search.selectors.scope import base_queryset, scope_profile
from site_registry.models import SiteProfile

# The name the log has always had (before search.selectors was a package).
logger = logging.getLogger("search.selectors")


def run_search(
    request: SearchRequest,
    *,
    backend: str | None = None,
    with_facets: bool = True,
    http_request=None,
) -> SearchResponse:
    """Results, facets and total for ``request`` on the given backend alias."""
    started = time.monotonic()
    alias = backend or settings.SEARCH_BACKEND_ALIAS
    search_backend = get_search_backend(alias)
    kind = backend_kind(alias)
    scope = scope_profile(request)
    base = base_queryset(request, scope)
    query, terms = build_query(request.q, kind=kind)
    if query is None and not request.has_criteria:
        return SearchResponse(request, [], 0, {}, 0, scope_profile=scope)
    base, query = title_only(base, request, query, kind)
    entries = apply_filters(base, request)

    exact, exact_ids = priority_matches(entries, request)
    remaining = entries.exclude(pk__in=[entry.pk for entry in exact])
    try:
        if query is None:
            rest = listing(remaining, request)
        else:
            rest, query = _ranked(remaining, request, query, search_backend)
        rest_total = rest.count()
        page_entries = page_of(exact, rest, request)
        facets = (
            count_facets(request, base, query, search_backend, kind)
            if with_facets
            else {}
        )
    except Exception as error:
        if not engine.is_unavailable(error):
            raise
        # The engine is down: what the database alone can answer.
        logger.warning("Search engine unavailable: %s", error)
        return _database_response(
            request, entries.exclude(pk__in=exact_ids),
            [entry for entry in exact if entry.pk in exact_ids], scope, started,
            http_request,
        )  # fmt: skip
    total = len(exact) + rest_total
    hits = build_hits(
        page_entries, terms=[request.q, *terms], exact_ids=exact_ids,
        http_request=http_request,
    )  # fmt: skip
    related = related_terms(request.q, terms) if total == 0 else []
    return SearchResponse(
        request=request,
        hits=hits,
        total=total,
        facets=facets,
        duration_ms=int((time.monotonic() - started) * 1000),
        terms=terms,
        related_terms=related,
        scope_profile=scope,
    )


def _ranked(entries, request, query, backend):
    """The ranked results and the query that matches them all (for the
    facets). A visitor asking for an interpretation (解读, or the type
    filter) gets the interpretations first, then the other kinds, each
    ranked in its own tiers; a listing by date stays one list."""
    if (
        not wants_interpretation(request)
        or request.type == EntryKind.INTERPRETATION
        or request.sort == "date"
    ):
        return _tiers(entries, request, query, backend)
    interpretations, first = _tiers(
        entries.filter(kind=EntryKind.INTERPRETATION), request, query, backend
    )
    others, second = _tiers(
        entries.exclude(kind=EntryKind.INTERPRETATION), request, query, backend
    )
    # The partial query (when either kind used it) matches both tiers.
    facet_query = second if second is not query else first
    return Chain(interpretations, others), facet_query


def _tiers(entries, request, query, backend):
    """The entries holding every word; when those are few, followed by the
    entries holding most words. Returns the results and the query that
    matches them all."""
    full = search(entries, request, query, backend)
    partial = partial_query(request.q)
    if partial is None:
        return full, query
    full_hits = list(full[: PARTIAL_THRESHOLD + 1])
    if len(full_hits) > PARTIAL_THRESHOLD:
        return full, query
    more = search(
        entries.exclude(pk__in=[entry.pk for entry in full_hits]),
        request, partial, backend,
    )  # fmt: skip
    # Every entry holding all words holds most of them: the partial query
    # matches both tiers.
    return Chain(full_hits, more), partial


def _database_response(request, rest, exact, scope, started, http_request):
    """While the engine is down: the exact document/index-number matches, then
    the titles holding every word, from the database alone."""
    rest = title_matches(rest, request.q)
    hits = build_hits(
        page_of(exact, rest, request),
        terms=[request.q, *analysis.query_words(request.q)],
        exact_ids={entry.pk for entry in exact}, http_request=http_request,
    )  # fmt: skip
    return SearchResponse(
        request=request,
        hits=hits,
        total=len(exact) + rest.count(),
        facets={},
        duration_ms=int((time.monotonic() - started) * 1000),
        scope_profile=scope,
        engine_unavailable=True,
    )


def autocomplete_titles(
    *, q: str, profile: SiteProfile | None, whole_cluster: bool, limit: int = 8,
    backend: str | None = None,
) -> list[dict]:  # fmt: skip
    """Titles starting with (or containing words starting with) ``q``."""
    q = " ".join(unicodedata.normalize("NFKC", q or "").split())[:MAX_QUERY_LENGTH]
    if not q:
        return []
    request = SearchRequest(
        q=q, profile_id=profile.pk if profile else None, whole_cluster=whole_cluster
    )
    entries = base_queryset(request, profile)
    search_backend = get_search_backend(backend or settings.SEARCH_BACKEND_ALIAS)
    try:
        results = list(
            search_backend.autocomplete(
                " ".join(analysis.query_words(q)) or q,
                entries,
                # The entry's only autocomplete fields are its titles; naming
                # them with `fields=` breaks the SQLite backend (no FTS column).
                operator="and",
            )[:limit]
        )
    except Exception as error:
        if not engine.is_unavailable(error):
            raise
        # The engine is down: titles holding the words, from the database.
        logger.warning("Search engine unavailable for autocomplete: %s", error)
        results = list(title_matches(entries, q)[:limit])
    urls = entry_urls(results)
    return [
        {"title": entry.title, "url": urls[entry.pk]}
        for entry in results
        if entry.pk in urls
    ]
