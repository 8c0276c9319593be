"""Search queries: parse a request, run it on any Wagtail search backend.

One code path for the database backend and the Elasticsearch-API engines: the
query is built from Wagtail's query objects over ``SearchEntry``, filters and
facets are ``FilterField``s, and exact document/index-number matches come from
the database and are put in front.
"""

from __future__ import annotations

import datetime
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search import analysis
from search.models import EntryKind, SearchEntry
from site_registry.choices import SiteLevel, SiteStatus
from site_registry.models import SiteProfile

MAX_QUERY_LENGTH = 100
MAX_FIELD_LENGTH = 64
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE = 100
SNIPPET_LENGTH = 120

SORTS = ("relevance", "date")
FACETS = ("site", "type", "category", "genre", "organization", "year", "validity")
# Facet name -> SearchEntry filter field.
FACET_FIELDS = {
    "site": "profile_id",
    "type": "kind",
    "category": "subject",
    "genre": "genre",
    "organization": "organization",
    "year": "year",
    "validity": "validity",
}
SYNONYM_BOOST = 0.2
CLUSTER_LEVELS = {SiteLevel.PROVINCE_PORTAL, SiteLevel.CITY_PORTAL}


class SearchRequestError(ValueError):
    """Bad search parameters; ``errors`` maps each parameter to a Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    # The site or sub-site the visitor is on, and whether to search everywhere.
    profile_id: int | None = None
    whole_cluster: bool = False
    # Filters (facet values).
    site: int | None = None
    type: str = ""
    category: str = ""
    genre: str = ""
    organization: str = ""
    year: int | None = None
    validity: str = ""
    # Advanced search.
    title_only: bool = False
    document_number: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def filters(self) -> dict:
        return {
            name: getattr(self, name)
            for name in FACETS
            if getattr(self, name) not in ("", None)
        }

    @property
    def has_criteria(self) -> bool:
        return bool(
            self.q
            or self.document_number
            or self.filters
            or self.date_from
            or self.date_to
        )

    def without_filters(self) -> SearchRequest:
        return replace(
            self, site=None, type="", category="", genre="", organization="",
            year=None, validity="", document_number="", date_from=None,
            date_to=None, title_only=False, page=1,
        )  # fmt: skip


def _text(params, name: str, errors: dict, *, limit: int = MAX_FIELD_LENGTH) -> str:
    value = unicodedata.normalize("NFKC", str(params.get(name, "") or "")).strip()
    value = " ".join(value.split())
    if len(value) > limit:
        errors[name] = str(_("“%(name)s”过长，请不要超过 %(max)d 个字。")) % {
            "name": name,
            "max": limit,
        }
        return ""
    return value


def _int(params, name, errors, *, minimum, maximum, message) -> int | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = str(message)
        return None
    if not minimum <= value <= maximum:
        errors[name] = str(message)
        return None
    return value


def _date(params, name, errors) -> datetime.date | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[name] = str(_("日期格式不正确，请按“2024-01-31”的格式填写。"))
        return None


def default_whole_cluster(profile: SiteProfile | None) -> bool:
    """The city (or province) portal searches the whole cluster by default."""
    return profile is None or (
        not profile.is_subsite and profile.level in CLUSTER_LEVELS
    )


def parse_search_request(
    params, *, profile: SiteProfile | None, max_page_size: int = MAX_PAGE_SIZE
) -> SearchRequest:
    """A typed request from query parameters; raises SearchRequestError."""
    errors: dict[str, str] = {}
    q = unicodedata.normalize("NFKC", str(params.get("q", "") or "")).strip()
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = str(_("检索词过长，请不要超过 %(max)d 个字。")) % {
            "max": MAX_QUERY_LENGTH
        }
    scope = str(params.get("scope", "") or "").strip()
    if scope not in ("", "all", "site"):
        errors["scope"] = str(_("搜索范围只能是 all（全部站点）或 site（本站）。"))
    whole_cluster = (
        scope == "all" if scope in ("all", "site") else default_whole_cluster(profile)
    )
    kind = _text(params, "type", errors)
    if kind and kind not in EntryKind.values:
        errors["type"] = str(_("内容类型只能是：%(values)s。")) % {
            "values": "、".join(EntryKind.values)
        }
    sort = str(params.get("sort", "") or "relevance").strip()
    if sort not in SORTS:
        errors["sort"] = str(_("排序方式只能是 relevance（相关度）或 date（日期）。"))
    date_from = _date(params, "date_from", errors)
    date_to = _date(params, "date_to", errors)
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = str(_("结束日期不能早于开始日期。"))
    page_size = _int(
        params, "page_size", errors, minimum=1, maximum=max_page_size,
        message=_("每页条数应为 1 到 %(max)d 之间的整数。") % {"max": max_page_size},
    )  # fmt: skip
    request = SearchRequest(
        q=q if "q" not in errors else "",
        profile_id=profile.pk if profile else None,
        whole_cluster=whole_cluster,
        site=_int(params, "site", errors, minimum=1, maximum=2**31 - 1,
                  message=_("网站参数应为网站编号。")),
        type=kind,
        category=_text(params, "category", errors),
        genre=_text(params, "genre", errors),
        organization=_text(params, "organization", errors, limit=128),
        year=_int(params, "year", errors, minimum=1949, maximum=2100,
                  message=_("年份应为四位数字，例如 2024。")),
        validity=_text(params, "validity", errors),
        title_only=str(params.get("title_only", "")).strip() in ("1", "true", "on"),
        document_number=_text(params, "document_number", errors),
        date_from=date_from,
        date_to=date_to,
        sort=sort if sort in SORTS else "relevance",
        page=_int(params, "page", errors, minimum=1, maximum=MAX_PAGE,
                  message=_("页码应为 1 到 %(max)d 之间的整数。") % {"max": MAX_PAGE})
        or 1,
        page_size=page_size or PAGE_SIZE,
    )  # fmt: skip
    if request.document_number and not analysis.document_number_key(
        request.document_number
    ):
        errors["document_number"] = str(
            _("发文字号格式不正确，例如：十政办发〔2015〕32号。")
        )
    if errors:
        raise SearchRequestError(errors)
    return request


# --- Running a search --------------------------------------------------------


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    site_name: str
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False

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
    return entries


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
    if len(columns) > 1 and hasattr(results.query_compiler, "get_search_vectors"):
        return _postgres_facet_counts(results, columns)
    return {column: dict(results.facet(column)) for column in columns}


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
    entries = _apply_filters(base, request)
    query, terms = build_query(request.q)
    if query is None and not request.has_criteria:
        return SearchResponse(request, [], 0, {}, 0, scope_profile=scope)

    exact = exact_matches(entries, request.q) if request.q else []
    exact_ids = [entry.pk for entry in exact]
    if query is None:
        rest = _listing(entries.exclude(pk__in=exact_ids), request)
    else:
        rest = _search(
            entries.exclude(pk__in=exact_ids), request, query, search_backend
        )
    rest_total = rest.count()
    total = len(exact) + rest_total
    start = (request.page - 1) * request.page_size
    stop = start + request.page_size
    page_entries = exact[start:stop]
    if len(page_entries) < request.page_size:
        rest_start = max(0, start - len(exact))
        rest_stop = rest_start + request.page_size - len(page_entries)
        page_entries += list(rest[rest_start:rest_stop])
    hits = build_hits(
        page_entries, terms=[request.q, *terms], exact_ids=set(exact_ids),
        http_request=http_request,
    )  # fmt: skip
    facets = _facets(request, base, query, search_backend) if with_facets else {}
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
            )
        )
    return hits


# --- Highlighting ------------------------------------------------------------


def _terms_re(terms) -> re.Pattern | None:
    cleaned = sorted(
        {t.strip() for t in terms if t and t.strip()}, key=len, reverse=True
    )
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(t) for t in cleaned), re.IGNORECASE)


def highlight(text: str, terms) -> SafeString:
    """``text`` HTML-escaped, with each occurrence of a term in <mark>."""
    pattern = _terms_re(terms)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms, length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of ``text`` around the first matched term, highlighted."""
    pattern = _terms_re(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        part = text[:length]
        return escape(part + ("…" if len(text) > length else ""))
    start = max(0, match.start() - length // 3)
    stop = min(len(text), start + length)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(text) else ""
    return mark_safe(  # noqa: S308 - highlight escapes
        prefix + highlight(text[start:stop], terms) + suffix
    )


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
    results = search_backend.autocomplete(
        " ".join(analysis.query_words(q)) or q,
        entries,
        # The entry's only autocomplete fields are its titles; naming them
        # with `fields=` breaks the SQLite backend (no such FTS column).
        operator="and",
    )[:limit]
    results = list(results)
    pages = Page.objects.live().in_bulk([entry.page_id for entry in results])
    return [
        {"title": entry.title, "url": pages[entry.page_id].get_url() or ""}
        for entry in results
        if entry.page_id in pages
    ]
