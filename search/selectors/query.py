"""Building the query: words and their synonyms (the typed word boosted above
them), the request's filters, and what the database answers on its own
(exact document/index numbers, titles holding every word)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search import analysis
from search.engine_adapter import BackendKind
from search.models import SearchEntry
from search.requests import FACET_FIELDS, SYNONYM_BOOST, SearchRequest


def apply_filters(entries: QuerySet, request: SearchRequest, *, skip: str = ""):
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


def title_only(base: QuerySet, request: SearchRequest, query, kind: BackendKind):
    """A search in titles only. Wagtail's SQLite backend cannot restrict a
    search to some fields: there, titles holding every word, from the
    database, newest first (the query becomes None)."""
    if not request.title_only or query is None or kind != BackendKind.SQLITE:
        return base, query
    return title_matches(base, request.q), None


def search(entries: QuerySet, request: SearchRequest, query, backend):
    fields = ["title", "title_segmented"] if request.title_only else None
    if request.sort == "date":
        entries = entries.order_by("-date", "-id")
        return backend.search(query, entries, fields=fields, order_by_relevance=False)
    return backend.search(query, entries, fields=fields)


def listing(entries: QuerySet, request: SearchRequest) -> QuerySet:
    """No words, only filters (an advanced search by number or date): a
    listing by date, straight from the database."""
    return entries.order_by("-date", "-pk")


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


def title_matches(entries: QuerySet, q: str) -> QuerySet:
    """Titles holding every word of ``q``, newest first (no ranking)."""
    for word in analysis.query_words(q):
        entries = entries.filter(title__icontains=word)
    return entries.order_by("-date", "-pk")


def related_terms(q: str, terms: list[str]) -> list[str]:
    """What to try after no result: the synonyms, and each word of a query of
    several words on its own."""
    words = analysis.query_words(q)
    related = [t for t in terms if t not in words]
    if len(words) > 1:
        # Single characters (的, 和) are no useful suggestion.
        related += [w for w in words if w not in related and len(w) > 1]
    return related[:8]
