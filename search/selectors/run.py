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
from search.requests import MAX_QUERY_LENGTH, PAGE_SIZE, SearchRequest
from search.selectors.facets import facets as count_facets
from search.selectors.hits import (
    Chain,
    SearchResponse,
    Tail,
    build_hits,
    entry_urls,
    page_of,
)
from search.selectors.query import (
    PARTIAL_THRESHOLD,
    any_word_query,
    apply_filters,
    build_query,
    listing,
    partial_query,
    preferred_kind,
    priority_matches,
    related_terms,
    search,
    source_entries,
    standing,
    title_matches,
    title_only,
    words_alone,
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
    """Results, facets and total for ``request`` on the given backend alias.
    A query the engine rejects as too complex (each word of a long list
    bringing its synonyms) is asked again of its words alone."""
    try:
        return _run_search(request, backend, with_facets, http_request)
    except Exception as error:
        if not engine.is_too_complex(error):
            raise
        logger.info("Query too complex for the engine, words alone: %s", error)
        with words_alone():
            return _run_search(request, backend, with_facets, http_request)


def _run_search(request, backend, with_facets, http_request) -> SearchResponse:
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

    exact, exact_ids, words = priority_matches(entries, request)
    if words is not request and query is not None:
        query, terms = build_query(words.q, kind=kind)
    remaining = entries.exclude(pk__in=[entry.pk for entry in exact])
    # Titles holding the phrase, of a kind asked for after another, wait
    # until that kind is ranked.
    preferred = preferred_kind(request)
    deferred = [
        e for e in exact
        if preferred and e.pk not in exact_ids and e.kind != preferred
    ]  # fmt: skip
    exact = [entry for entry in exact if entry not in deferred]
    try:
        if query is None:
            rest = listing(remaining, request)
        else:
            rest, query = _ranked(
                remaining, words, query, search_backend, kind=kind,
                deferred=deferred, before=len(exact),
            )  # fmt: skip
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


def _ranked(entries, request, query, backend, *, kind, deferred=(), before=0):
    """The ranked results and the query that matches them all (for the
    facets). The kind a request asks for first (``preferred_kind``) leads:
    the interpretations holding every word and then their sources, or, for
    a validity filter, the documents; ``deferred`` (titles holding the
    phrase, of other kinds) follow, then the rest in tiers. ``before``:
    how many results come before these (`standing_order`)."""
    preferred = preferred_kind(request)
    if not preferred:
        return _tiers(entries, request, query, backend, before=before)
    if preferred == EntryKind.DOCUMENT:
        documents, first = _tiers(
            entries.filter(kind=preferred), request, query, backend, before=before
        )
        others, second = _tiers(
            entries.exclude(kind=preferred), request, query, backend
        )
        return Chain(documents, list(deferred), others), _wider(first, second, query)
    # An interpretation need not hold the title formula of its source
    # (林长制实施意见解读 asks for the interpretation of a 林长制 document).
    # (Interpretations have no validity: a plain search.)
    topic, _terms = build_query(request.q, kind=kind, topic_only=True)
    found = search(entries.filter(kind=preferred), request, topic, backend)
    leading = list(found[: PARTIAL_THRESHOLD + 1])
    if len(leading) > PARTIAL_THRESHOLD:  # a broad query: every one first
        others, second = _tiers(
            entries.exclude(kind=preferred), request, query, backend
        )
        return Chain(found, list(deferred), others), second
    taken = [entry.pk for entry in [*leading, *deferred]]
    sources = source_entries(entries.exclude(pk__in=taken), leading)
    rest, second = _tiers(
        entries.exclude(pk__in=taken + [entry.pk for entry in sources]),
        request, query, backend, before=before + len(taken) + len(sources),
    )  # fmt: skip
    return Chain(leading, sources, list(deferred), rest), second


def _wider(first, second, query):
    """Of two tiers' queries, the one that matches both (the partial or
    any-word query when either used one)."""
    return second if second is not query else first


def _tiers(entries, request, query, backend, *, before=0):
    """The entries holding every word; when those are few, followed by the
    entries holding most words, then by those holding any word (a listing
    by date: one list of those holding most words). Returns the results and
    the query that matches them all."""
    full = _search(entries, request, query, backend, before=before)
    partial = partial_query(request.q)
    if partial is None:
        return full, query
    full_hits = list(full[: PARTIAL_THRESHOLD + 1])
    if len(full_hits) > PARTIAL_THRESHOLD:
        return full, query
    if request.sort == "date":
        # One list by date: the entries holding most words hold all of them.
        return search(entries, request, partial, backend), partial
    more = _search(
        entries.exclude(pk__in=[entry.pk for entry in full_hits]),
        request, partial, backend, before=before + len(full_hits),
    )  # fmt: skip
    # Every entry holding all words holds most of them: the partial query
    # matches both tiers.
    more_hits = list(more[: PARTIAL_THRESHOLD + 1])
    widest = any_word_query(request.q)
    if len(full_hits) + len(more_hits) > PARTIAL_THRESHOLD or widest is None:
        return Chain(full_hits, more), partial
    rest = _search(
        entries.exclude(pk__in=[entry.pk for entry in [*full_hits, *more_hits]]),
        request, widest, backend,
        before=before + len(full_hits) + len(more_hits),
    )  # fmt: skip
    return Chain(full_hits, more_hits, rest), widest


def _search(entries, request, query, backend, *, before=0):
    """Ranked, then reordered among the first ``PARTIAL_THRESHOLD`` + 1 (the
    first pages) by `standing`: the documents no longer in force (失效, 废止)
    after the others, since a visitor looks for the rules that apply and the
    superseded version stays findable behind its successor; and a page about
    a document (news, interpretation) on the first page of results after
    the sources ranked up to a page below it, never further. Reordered in
    memory: no second search. Not when the visitor filters on validity or
    lists by date. ``before``: how many results precede these."""
    results = search(entries, request, query, backend)
    if request.validity or request.sort == "date":
        return results
    head = list(results[: PARTIAL_THRESHOLD + 1])
    ordered = standing_order(head, preferred_kind(request), before=before)
    if len(head) <= PARTIAL_THRESHOLD:
        return Chain(ordered)
    return Chain(ordered, Tail(results, len(head)))


def standing_order(ranked: list, preferred: str = "", *, before: int = 0) -> list:
    """``ranked`` with the documents no longer in force last, and each page
    about a document on the first page of results moved behind the sources
    ranked within a page (``PAGE_SIZE`` places) after it (`standing`).
    ``before``: how many results precede ``ranked``. Entries further down
    keep their places, so the first two pages hold the same entries."""

    def key(item):
        place, entry = item
        level = standing(entry, preferred)
        gives_way = level == 1 and before + place < PAGE_SIZE
        return (level == 2, place + PAGE_SIZE + 0.5 if gives_way else place)

    return [entry for _place, entry in sorted(enumerate(ranked), key=key)]


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
