"""Search queries: run a parsed request on any Wagtail search backend.

One code path for the database backend and the Elasticsearch-API engines: the
query is built from Wagtail's query objects over ``SearchEntry``, filters and
facets are ``FilterField``s, and exact document/index-number matches come from
the database and are put in front.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search import analysis, engine
from search.highlighting import highlight, snippet
from search.models import EntryKind, SearchEntry
from search.requests import (  # noqa: F401 - re-exported for callers
    CLUSTER_LEVELS,
    FACET_FIELDS,
    FACETS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    SYNONYM_BOOST,
    SearchRequest,
    SearchRequestError,
    default_whole_cluster,
    parse_search_request,
)
from site_registry.choices import SiteStatus
from site_registry.models import SiteProfile

logger = logging.getLogger(__name__)

# --- Running a search ---------------------------------------------------------


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    site_name: str
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False
    # How many other sites show the same document (reposts, #4).
    also_on_sites: int = 0

    def as_json(self) -> dict:
        entry = self.entry
        return {
            "id": entry.page_id,
            "title": entry.title,
            "url": self.url,
            "snippet": str(self.snippet_html),
            "site": {"id": entry.profile_id, "name": self.site_name},
            "type": entry.kind,
            "document_number": entry.document_number,
            "index_number": entry.index_number,
            "organization": entry.organization,
            "category": entry.subject,
            "genre": entry.genre,
            "validity": entry.validity,
            "date": entry.date.isoformat() if entry.date else None,
            "breadcrumbs": entry.breadcrumbs,
            "source_page_id": entry.source_page_id,
            "also_on_sites": self.also_on_sites,
            "exact_match": self.exact,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    duration_ms: int
    terms: list[str] = field(default_factory=list)
    related_terms: list[str] = field(default_factory=list)
    scope_profile: SiteProfile | None = None
    # The engine did not answer: only what the database knows (exact document
    # and index numbers, plain filters) is in the response.
    engine_unavailable: bool = False

    @property
    def first_number(self) -> int:
        return (self.request.page - 1) * self.request.page_size + 1

    @property
    def num_pages(self) -> int:
        size = self.request.page_size
        return min(MAX_PAGE, max(1, (self.total + size - 1) // size))


OPEN_PROFILES_KEY = "search:open_profiles:{token}"


def open_profile_ids() -> list[int]:
    """Sites and sub-sites whose content may be shown: open, on an open site.

    Cached under the registry's generation token, which every registry change
    replaces (site_registry.signals), so a closed site disappears at once.
    """
    from django.core.cache import cache

    from site_registry.routing import generation

    key = OPEN_PROFILES_KEY.format(token=generation())
    ids = cache.get(key)
    if ids is None:
        ids = _open_profile_ids()
        cache.set(key, ids, 3600)
    return ids


def _open_profile_ids() -> list[int]:
    profiles = list(
        SiteProfile.objects.values_list("pk", "status", "parent_id", "kind")
    )
    by_pk = {pk: (status, parent, kind) for pk, status, parent, kind in profiles}
    result = []
    for pk, (status, parent, kind) in by_pk.items():
        ok = status == SiteStatus.OPEN
        # A sub-site lives on its portal's domain: closed with it.
        while ok and kind == "subsite" and parent in by_pk:
            status, parent, kind = by_pk[parent]
            ok = status == SiteStatus.OPEN
        if ok:
            result.append(pk)
    return result


def _scope_profile(request: SearchRequest) -> SiteProfile | None:
    if request.profile_id is None:
        return None
    return SiteProfile.objects.filter(pk=request.profile_id).first()


def _base_queryset(request: SearchRequest, scope: SiteProfile | None) -> QuerySet:
    entries = SearchEntry.objects.filter(
        private=False, profile_id__in=open_profile_ids()
    )
    if not request.whole_cluster and scope is not None:
        if scope.is_subsite:
            entries = entries.filter(profile_id=scope.pk)
        else:
            entries = entries.filter(hosting_profile_id=scope.pk)
        duplicates = duplicate_copies(entries, prefer_profile_id=scope.pk)
        if duplicates:
            entries = entries.exclude(pk__in=duplicates)
    else:
        # Across the cluster a reposted document is one result, not one per site.
        entries = entries.filter(canonical=True)
    return entries


def duplicate_copies(entries: QuerySet, *, prefer_profile_id: int) -> list[int]:
    """Copies to hide within one site's scope (a portal with its sub-sites may
    show a document more than once): keep the source's own entry when it is in
    scope, else the copy on the site itself, else the oldest copy."""
    copies = list(
        entries.filter(source_page_id__isnull=False)
        .values_list("pk", "source_page_id", "profile_id")
        .order_by("pk")
    )
    if not copies:
        return []
    groups: dict[int, list[tuple[int, int]]] = {}
    for pk, source_id, profile_id in copies:
        groups.setdefault(source_id, []).append((pk, profile_id))
    sources_in_scope = set(
        entries.filter(page_id__in=list(groups)).values_list("page_id", flat=True)
    )
    hidden = []
    for source_id, members in groups.items():
        if source_id in sources_in_scope:
            hidden.extend(pk for pk, _profile in members)
            continue
        keep = next(
            (pk for pk, profile in members if profile == prefer_profile_id),
            members[0][0],
        )
        hidden.extend(pk for pk, _profile in members if pk != keep)
    return hidden


def _apply_filters(entries: QuerySet, request: SearchRequest, *, skip: str = ""):
    for name, value in request.filters.items():
        if name != skip:
            entries = entries.filter(**{FACET_FIELDS[name]: value})
    if request.document_number:
        entries = entries.filter(
            document_number_key=analysis.document_number_key(request.document_number)
        )
    if request.date_from:
        entries = entries.filter(date__gte=request.date_from)
    if request.date_to:
        entries = entries.filter(date__lte=request.date_to)
    return entries


def build_query(q: str):
    """Every word must match (or one of its synonyms); the whole query as a
    phrase ranks higher, so words side by side come before words apart."""
    words = analysis.query_words(q)
    if not words:
        return None, []
    clauses = []
    terms = []
    for word in words:
        alternatives = [word, *analysis.synonyms_of(word)]
        terms.extend(alternatives)
        # The word as typed scores above its synonyms (on the engine; the
        # PostgreSQL backend ignores Boost, see search.apps).
        options = [PlainText(word, operator="and")] + [
            Boost(PlainText(alt, operator="and"), SYNONYM_BOOST)
            for alt in alternatives[1:]
        ]
        clauses.append(options[0] if len(options) == 1 else Or(options))
    query = clauses[0] if len(clauses) == 1 else And(clauses)
    if len(words) > 1:
        # Or: a document with the words side by side scores on both clauses.
        # (No Boost: the PostgreSQL backend ignores it with a warning.)
        query = Or([query, Phrase(" ".join(words))])
    return query, terms


def _search(entries: QuerySet, request: SearchRequest, query, backend):
    fields = ["title", "title_segmented"] if request.title_only else None
    if request.sort == "date":
        entries = entries.order_by("-date", "-id")
        return backend.search(query, entries, fields=fields, order_by_relevance=False)
    return backend.search(query, entries, fields=fields)


def _listing(entries: QuerySet, request: SearchRequest) -> QuerySet:
    """No words, only filters (an advanced search by number or date): a
    listing by date, straight from the database."""
    return entries.order_by("-date", "-pk")


def _labels(name: str, values) -> dict:
    if name == "site":
        names = dict(
            SiteProfile.objects.filter(pk__in=[v for v in values if v]).values_list(
                "pk", "name"
            )
        )
        return {v: names.get(v, str(v)) for v in values}
    if name == "type":
        return {
            v: str(EntryKind(v).label) if v in EntryKind.values else v for v in values
        }
    if name == "genre":
        from disclosure_pages.choices import Genre

        return {v: str(Genre(v).label) if v in Genre.values else v for v in values}
    if name == "validity":
        from disclosure_pages.choices import Validity

        return {
            v: str(Validity(v).label) if v in Validity.values else v for v in values
        }
    return {v: str(v) for v in values}


def _facet_counts(entries, request, query, backend, columns) -> dict[str, dict]:
    """Counts per value of each column over the same filtered search."""
    if query is None:
        return {
            column: dict(
                entries.values_list(column).annotate(n=Count("pk")).order_by("-n")
            )
            for column in columns
        }
    results = _search(entries, request, query, backend)
    if hasattr(results, "_get_es_body"):
        return _engine_facet_counts(results, columns)
    if len(columns) > 1 and _is_postgres(results):
        return _postgres_facet_counts(results, columns)
    return {column: dict(results.facet(column)) for column in columns}


def _no_field_search(backend) -> bool:
    return type(backend).__name__.startswith("SQLite")


def _is_postgres(results) -> bool:
    # Wagtail's PostgreSQL backend; its SQLite and MySQL siblings differ.
    return type(results.query_compiler).__name__ == "PostgresSearchQueryCompiler"


def _postgres_facet_counts(results, columns) -> dict[str, dict]:
    """All facets in one SQL query on the PostgreSQL backend: the matched rows
    (Wagtail's own full-text match, as its ``facet()`` uses) grouped by every
    column at once, summed per column here. Wagtail's ``facet()`` would repeat
    the full-text match once per facet."""
    compiler = results.query_compiler
    matched = compiler.search(
        compiler.get_config(results.backend), None, None, backend=results.backend
    )
    counts: dict[str, dict] = {column: {} for column in columns}
    for row in matched.order_by().values(*columns).annotate(_n=Count("pk")):
        for column in columns:
            value = row[column]
            counts[column][value] = counts[column].get(value, 0) + row["_n"]
    return counts


# Enough buckets for every site of a cluster (the engine's default is 10).
ENGINE_FACET_SIZE = 200


def _engine_facet_counts(results, columns) -> dict[str, dict]:
    """All facets in one engine request, as Wagtail's ``facet()`` builds one
    (same query body, one terms aggregation per column) instead of a request
    per facet: seven facets cost one round trip."""
    compiler = results.query_compiler
    body = results._get_es_body()
    body["aggregations"] = {
        column: {
            "terms": {
                "field": compiler.mapping.get_field_column_name(
                    compiler._get_filterable_field(column)
                ),
                "missing": 0,
                "size": ENGINE_FACET_SIZE,
            }
        }
        for column in columns
    }
    index = results.backend.get_index_for_model(compiler.queryset.model)
    response = results._backend_do_search(body, index=index.name, size=0)
    return {
        column: {
            bucket["key"]: bucket["doc_count"]
            for bucket in response["aggregations"][column]["buckets"]
        }
        for column in columns
    }


def _facets(request, base, query, backend) -> dict[str, list[FacetValue]]:
    selected = request.filters
    # Facets without a selected value share the fully filtered search; each
    # selected facet counts without its own filter, so its other values stay
    # visible and selectable.
    shared = [FACET_FIELDS[name] for name in FACETS if name not in selected]
    counts_by_column = _facet_counts(
        _apply_filters(base, request), request, query, backend, shared
    )
    for name in selected:
        column = FACET_FIELDS[name]
        counts_by_column.update(
            _facet_counts(
                _apply_filters(base, request, skip=name), request, query, backend,
                [column],
            )
        )  # fmt: skip
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        counts = counts_by_column[FACET_FIELDS[name]]
        counts = {k: v for k, v in counts.items() if k not in ("", None, 0) and v}
        labels = _labels(name, list(counts))
        chosen = selected.get(name)
        facets[name] = [
            FacetValue(
                value=str(value),
                label=labels[value],
                count=count,
                selected=chosen is not None and str(chosen) == str(value),
            )
            for value, count in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
    return facets


def exact_matches(entries: QuerySet, q: str) -> list[SearchEntry]:
    """Entries whose document number or index number is the query."""
    conditions = Q()
    number = analysis.document_number_key(q)
    if number:
        conditions |= Q(document_number_key=number)
    index_number = analysis.index_number_key(q)
    if index_number:
        conditions |= Q(index_number_key=index_number)
    if not conditions:
        return []
    return list(entries.filter(conditions).order_by("-date", "-pk")[:5])


def run_search(
    request: SearchRequest,
    *,
    backend: str | None = None,
    with_facets: bool = True,
    http_request=None,
) -> SearchResponse:
    """Results, facets and total for ``request`` on the given backend alias."""
    started = time.monotonic()
    search_backend = get_search_backend(backend or settings.SEARCH_BACKEND_ALIAS)
    scope = _scope_profile(request)
    base = _base_queryset(request, scope)
    query, terms = build_query(request.q)
    if query is None and not request.has_criteria:
        return SearchResponse(request, [], 0, {}, 0, scope_profile=scope)
    if request.title_only and query is not None and _no_field_search(search_backend):
        # Wagtail's SQLite backend cannot restrict a search to some fields:
        # titles holding every word, from the database, newest first.
        for word in analysis.query_words(request.q):
            base = base.filter(title__icontains=word)
        query = None
    entries = _apply_filters(base, request)

    exact = exact_matches(entries, request.q) if request.q else []
    exact_ids = [entry.pk for entry in exact]
    start = (request.page - 1) * request.page_size
    stop = start + request.page_size
    page_entries = exact[start:stop]
    try:
        if query is None:
            rest = _listing(entries.exclude(pk__in=exact_ids), request)
        else:
            rest = _search(
                entries.exclude(pk__in=exact_ids), request, query, search_backend
            )
        rest_total = rest.count()
        if len(page_entries) < request.page_size:
            rest_start = max(0, start - len(exact))
            rest_stop = rest_start + request.page_size - len(page_entries)
            page_entries += list(rest[rest_start:rest_stop])
        facets = _facets(request, base, query, search_backend) if with_facets else {}
    except Exception as error:
        if not engine.is_unavailable(error):
            raise
        # The engine is down: what the database alone can answer.
        logger.warning("Search engine unavailable: %s", error)
        return _database_response(
            request, entries.exclude(pk__in=exact_ids), exact, scope, started,
            http_request,
        )  # fmt: skip
    total = len(exact) + rest_total
    hits = build_hits(
        page_entries, terms=[request.q, *terms], exact_ids=set(exact_ids),
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


def _title_matches(entries: QuerySet, q: str) -> QuerySet:
    """Titles holding every word of ``q``, newest first (no ranking)."""
    for word in analysis.query_words(q):
        entries = entries.filter(title__icontains=word)
    return entries.order_by("-date", "-pk")


def _database_response(request, rest, exact, scope, started, http_request):
    """While the engine is down: the exact document/index-number matches, then
    the titles holding every word, from the database alone."""
    rest = _title_matches(rest, request.q)
    start = (request.page - 1) * request.page_size
    stop = start + request.page_size
    page_entries = exact[start:stop]
    if len(page_entries) < request.page_size:
        rest_start = max(0, start - len(exact))
        rest_stop = rest_start + request.page_size - len(page_entries)
        page_entries += list(rest[rest_start:rest_stop])
    hits = build_hits(
        page_entries, terms=[request.q, *analysis.query_words(request.q)],
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


def related_terms(q: str, terms: list[str]) -> list[str]:
    """What to try after no result: the synonyms, and each word of a query of
    several words on its own."""
    words = analysis.query_words(q)
    related = [t for t in terms if t not in words]
    if len(words) > 1:
        # Single characters (的, 和) are no useful suggestion.
        related += [w for w in words if w not in related and len(w) > 1]
    return related[:8]


def build_hits(
    entries, *, terms, exact_ids=frozenset(), http_request=None
) -> list[Hit]:
    pages = Page.objects.live().in_bulk([entry.page_id for entry in entries])
    names = dict(
        SiteProfile.objects.filter(
            pk__in={entry.profile_id for entry in entries}
        ).values_list("pk", "name")
    )
    also_on = other_site_counts(entries)
    hits = []
    for entry in entries:
        page = pages.get(entry.page_id)
        if page is None:  # unpublished since it was indexed
            continue
        hits.append(
            Hit(
                entry=entry,
                url=page.get_url(request=http_request) or "",
                site_name=names.get(entry.profile_id, ""),
                title_html=highlight(entry.title, terms),
                snippet_html=snippet(entry.text, terms),
                exact=entry.pk in exact_ids,
                also_on_sites=also_on.get(entry.pk, 0),
            )
        )
    return hits


def other_site_counts(entries) -> dict[int, int]:
    """For each entry, how many other open sites show the same document: the
    source and its reposts share a group key (the source's page id)."""
    keys = {entry.pk: entry.source_page_id or entry.page_id for entry in entries}
    if not keys:
        return {}
    rows = (
        SearchEntry.objects.filter(
            Q(page_id__in=keys.values()) | Q(source_page_id__in=keys.values()),
            private=False,
            profile_id__in=open_profile_ids(),
        )
        .values_list("page_id", "source_page_id", "profile_id")
        .order_by()
    )
    sites: dict[int, set[int]] = {}
    for page_id, source_id, site_id in rows:
        sites.setdefault(source_id or page_id, set()).add(site_id)
    hosting = {entry.pk: entry.hosting_profile_id for entry in entries}
    return {pk: len(sites.get(key, set()) - {hosting[pk]}) for pk, key in keys.items()}


# --- Autocomplete ------------------------------------------------------------


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
    entries = _base_queryset(request, profile)
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
        results = list(_title_matches(entries, q)[:limit])
    pages = Page.objects.live().in_bulk([entry.page_id for entry in results])
    return [
        {"title": entry.title, "url": pages[entry.page_id].get_url() or ""}
        for entry in results
        if entry.page_id in pages
    ]
