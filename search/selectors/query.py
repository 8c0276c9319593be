"""Building the query: words and their synonyms (weighed against the word
typed, `form_weight`), the request's filters, and what the database answers
on its own (document/index numbers anywhere in the query, titles holding the
phrase).

A query is answered in tiers, each after the one before: the database's own
answer (``priority_matches``), the entries holding every word, then, when
those are few, the entries holding most words (``partial_query``)."""

from __future__ import annotations

import math
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from itertools import combinations

from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, StrIndex
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from policy_interpretation.models import InterpretationSource
from search import analysis
from search.engine_adapter import BackendKind
from search.models import EntryKind, SearchEntry
from search.requests import FACET_FIELDS, SearchRequest

# Words of a query that ask for an interpretation of a document, not for the
# document: they are not words to match (an interpretation's title need not
# hold them) and they put interpretations first. Longest first: each is
# removed from the query in this order.
INTERPRETATION_WORDS = ("一图读懂", "政策解读", "政策问答", "图解", "解读", "问答")
# The validities of documents no longer in force: ranked after the others.
NOT_IN_FORCE = ("expired", "repealed")
# Pages written about a document, not the document: an interpretation explains
# one, a news item reports it. Unless asked for (a 解读 query, a type filter),
# they give way to the documents ranked up to a page below them (`standing`).
DERIVATIVE_KINDS = (EntryKind.INTERPRETATION, EntryKind.NEWS)
# The words an official document's title is made of whatever it is about:
# the kinds of documents (the fifteen 公文文种 of the 党政机关公文处理工作条例
# and the usual forms of rules and plans, a 补充通知 among them) and the title
# formula (关于印发…的通知, 关于做好…工作的通知). A query holding them still
# needs them for "every word"; the tiers of most and of any word look at the
# other words.
TITLE_FORMULA_WORDS = frozenset(
    """决议 决定 命令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要
    办法 规定 细则 方案 规划 要点 条例 规则 实施意见 实施方案 实施细则 管理办法
    暂行办法 工作要点 补充 关于 印发 转发 做好 进一步 加强 工作 实施 开展""".split()
)
# At most this many entries come from the database before the ranked ones.
PRIORITY_LIMIT = 10
# The entries holding most words follow those holding every word only when the
# latter are this few (the case of long queries); more already fill the pages.
PARTIAL_THRESHOLD = 50
# Words considered for "most words" (the longest ones): the engine expands
# every word over every field into character bigrams, and rejects a query of
# more than 1024 clauses.
PARTIAL_MAX_WORDS = 5
# Up to this many words, "most words" also takes each word's synonyms: each
# word then appears twice, within what the tier of every word sends for the
# longest query allowed (eight of the dictionary's longest terms pass).
PARTIAL_SYNONYM_WORDS = 3


# On the database backend, a match of a word's other form scores this much of
# a match of the word typed (`form_weight`).
SYNONYM_BOOST = 0.2
# Runs of Chinese characters, and other words (for `engine_terms`).
_HAN_RE = re.compile("[\u4e00-\u9fff]")
_TERM_RUN_RE = re.compile("[\u4e00-\u9fff]+|[^\\W\u4e00-\u9fff]+")
# Set while a query is rebuilt of its words alone (`words_alone`).
_WORDS_ALONE: ContextVar[bool] = ContextVar("words_alone", default=False)


@contextmanager
def words_alone():
    """Queries built inside match each word as typed, without its synonyms
    or the words that make it up: for a query the engine rejects as having
    too many clauses (a long list of abbreviations, each bringing its full
    forms), which then still reaches the engine."""
    token = _WORDS_ALONE.set(True)
    try:
        yield
    finally:
        _WORDS_ALONE.reset(token)


def validity_filter(value: str, *, documents_only: bool) -> Q:
    """Only documents have a validity: other kinds pass a validity filter,
    unless the visitor asked for documents only."""
    if documents_only:
        return Q(validity=value)
    others = [kind for kind in EntryKind.values if kind != EntryKind.DOCUMENT]
    return Q(validity=value) | Q(kind__in=others)


def apply_filters(entries: QuerySet, request: SearchRequest, *, skip: str = ""):
    for name, value in request.filters.items():
        if name == skip:
            continue
        if name == "validity":
            entries = entries.filter(
                validity_filter(value, documents_only=request.type == "document")
            )
        else:
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


def _word_clause(word: str, terms: list[str], *, kind: BackendKind | None = None):
    """The word, or one of its synonyms, or the dictionary words that make
    it up, all of them (a term written with words inserted). The word
    alone inside `words_alone`. ``kind``: the backend's, to weigh the other
    forms for its ranking (`form_weight`); none, unweighed."""
    plain = _WORDS_ALONE.get()
    alternatives = [word] if plain else [word, *analysis.synonyms_of(word)]
    terms.extend(t for t in alternatives if t not in terms)
    others = [(PlainText(alt, operator="and"), alt) for alt in alternatives[1:]]
    parts = None if plain else analysis.compound_parts(word)
    if parts:
        whole = And([PlainText(part, operator="and") for part in parts])
        others.append((whole, " ".join(parts)))
    # SQLite's backend rejects Boost.
    weigh = kind is not None and kind != BackendKind.SQLITE
    options = [PlainText(word, operator="and")] + [
        Boost(other, form_weight(word, text, kind)) if weigh else other
        for other, text in others
    ]
    return options[0] if len(options) == 1 else Or(options)


def form_weight(word: str, form: str, kind: BackendKind) -> float:
    """The weight of a match of ``form`` (a synonym, the parts) for the
    word typed. The engine scores a match about in proportion to the terms
    it is made of, so the full form of an abbreviation (双减: 减轻义务教育阶段
    学生作业负担和校外培训负担) would outweigh the query's other words many
    times over: there each form weighs what the word typed does. The
    PostgreSQL backend's rank does not grow so with length (it matches
    regardless of Boost, and weighs its rank by it): the other forms score
    below the word typed."""
    if kind == BackendKind.ENGINE:
        return engine_terms(word) / engine_terms(form)
    return SYNONYM_BOOST


def engine_terms(text: str) -> int:
    """About how many terms the engine's ``cjk`` analyzer makes of ``text``
    (search.index_settings): the overlapping pairs of each run of Chinese
    characters, one term for each other word."""
    count = 0
    for run in _TERM_RUN_RE.findall(unicodedata.normalize("NFKC", text)):
        count += max(len(run) - 1, 1) if _HAN_RE.match(run) else 1
    return max(count, 1)


def _without_interpretation_words(text: str, *, gap: str) -> str:
    for word in INTERPRETATION_WORDS:
        text = text.replace(word, gap)
    return text


def content_words(q: str) -> list[str]:
    """The words of ``q`` to match: without the words asking for an
    interpretation (``关于X的解读`` looks for X), unless nothing else is left."""
    text = unicodedata.normalize("NFKC", q or "")
    rest = analysis.query_words(_without_interpretation_words(text, gap=" "))
    return rest or analysis.query_words(q)


def topic_words(q: str) -> list[str]:
    """The words of ``q`` that say what it is about: without the title
    formula (关于, 通知, 实施意见…), and without the issuing organ of a title
    typed in full (`subject_of`), unless nothing else is left."""
    words = content_words(subject_of(q)) or content_words(q)
    return [word for word in words if word not in TITLE_FORMULA_WORDS] or words


def subject_of(q: str) -> str:
    """A title is its issuing organ, 关于, its subject and its kind (发文机关
    关于事由的文种, GB/T 9704): of a query holding 关于, what follows it. The
    organ says who wrote a document, not what it is about, and the other
    documents of that organ (青禾市南湖县人民政府办公室, 2025年) must not
    outrank the other versions of the same subject."""
    text = unicodedata.normalize("NFKC", q or "")
    before, found, after = text.partition("关于")
    return after if found and before.strip() else text


def build_query(q: str, *, kind: BackendKind | None = None, topic_only=False):
    """Every word must match (or one of its synonyms); the whole query as a
    phrase ranks higher, so words side by side come before words apart.
    ``kind`` is the backend's: SQLite's database backend gets no Boost.
    ``topic_only``: only the words of ``topic_words``."""
    words = topic_words(q) if topic_only else content_words(q)
    if not words:
        return None, []
    terms: list[str] = []
    clauses = [_word_clause(word, terms, kind=kind) for word in words]
    query = clauses[0] if len(clauses) == 1 else And(clauses)
    if len(words) > 1:
        # Or: a document with the words side by side scores on both clauses.
        # (No Boost: the PostgreSQL backend ignores it with a warning.)
        query = Or([query, Phrase(" ".join(words))])
    return query, terms


def minimum_should_match(count: int) -> int:
    """How many of ``count`` words an entry must hold to be a partial match:
    one of two, then about two thirds (2 of 3, 3 of 4, 4 of 6)."""
    if count <= 2:
        return 1
    return math.ceil(count * 2 / 3)


def partial_query(q: str):
    """Entries holding most words of a query of several words (or None): an
    Or of every And of ``minimum_should_match`` words, the form both backends
    understand. Single characters (的, 和) and the title formula do not
    count as words here."""
    words = [w for w in topic_words(q) if len(w) > 1]
    if len(words) == 1 and words != content_words(q):
        # 林长制实施意见: 林长制 alone (or a synonym) is most of what it asks.
        return _word_clause(words[0], [])
    if len(words) < 2:
        return None
    words = sorted(words, key=len, reverse=True)[:PARTIAL_MAX_WORDS]
    # Each word or one of its synonyms, as in the tier of every word; but
    # each word is repeated in the groups, and longer queries would pass
    # the engine's clause limit with the synonyms: there, the words alone.
    with_synonyms = len(words) <= PARTIAL_SYNONYM_WORDS
    clauses = {
        word: _word_clause(word, [])
        if with_synonyms
        else PlainText(word, operator="and")
        for word in words
    }
    need = minimum_should_match(len(words))
    groups = [
        clauses[group[0]] if need == 1 else And([clauses[w] for w in group])
        for group in combinations(words, need)
    ]
    return Or(groups)


def any_word_query(q: str):
    """Entries holding any word of a query of several words, or one of its
    synonyms (or None): the last tier, so that a long query still fills its
    first pages, as a plain ranking of the words would. Not the title
    formula: nearly every document holds it."""
    words = [w for w in topic_words(q) if len(w) > 1]
    if len(words) < 2:
        return None
    terms: list[str] = []
    return Or([_word_clause(word, terms) for word in words])


def wants_interpretation(request: SearchRequest) -> bool:
    """The visitor looks for an interpretation of a document."""
    q = unicodedata.normalize("NFKC", request.q or "")
    return request.type == EntryKind.INTERPRETATION or any(
        word in q for word in INTERPRETATION_WORDS
    )


def preferred_kind(request: SearchRequest) -> str:
    """The kind of entry the request asks for before the others: the
    interpretations when it asks for one (解读), the documents when it
    filters on validity (only documents have one; the other kinds pass the
    filter, after them). None when a type filter already keeps one kind or
    the results are listed by date."""
    if request.type or request.sort == "date":
        return ""
    if wants_interpretation(request):
        return EntryKind.INTERPRETATION
    if request.validity:
        return EntryKind.DOCUMENT
    return ""


def standing(entry, preferred: str = "") -> int:
    """How an entry stands among equally good matches: 0 for the sources a
    visitor comes for (documents in force, service guides, pages, messages,
    and whatever kind the request asks for first), 1 for the pages about a
    document (``DERIVATIVE_KINDS``), 2 for documents no longer in force (the
    report of a rule still points at the rule in force; the replaced version
    is kept findable behind both)."""
    if entry.validity in NOT_IN_FORCE:
        return 2
    if entry.kind in DERIVATIVE_KINDS and entry.kind != preferred:
        return 1
    return 0


def _standing_order(preferred: str):
    """`standing` as a database expression, for ordering a queryset."""
    derivative = [kind for kind in DERIVATIVE_KINDS if kind != preferred]
    return Case(
        When(validity__in=NOT_IN_FORCE, then=Value(2)),
        When(kind__in=derivative, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def title_phrase(q: str) -> str:
    """The query as one phrase (spaces and interpretation words removed), to
    look for in titles; none when it holds a document number (those tiers
    answer it)."""
    if analysis.document_numbers_in(q):
        return ""
    phrase = _without_interpretation_words(analysis.compact(q), gap="")
    return phrase.strip('的之《》“”"')


def number_matches(entries: QuerySet, request: SearchRequest) -> list[SearchEntry]:
    """Entries with a document number the query holds (anywhere in it), and
    the interpretations of those documents; interpretations first when the
    visitor asks for one, else after the documents."""
    keys = analysis.document_numbers_in(request.q)
    if not keys:
        return []
    candidates = list(
        entries.filter(document_number_key__in=keys).order_by("-date", "-pk")[:10]
    )
    matched = {entry.document_number_key for entry in candidates}
    # 京政办发〔2023〕12号 typed also reads as 政办发〔2023〕12号: the longest
    # number that exists wins.
    documents = [
        entry
        for entry in candidates
        if not any(
            other != entry.document_number_key
            and other.endswith(entry.document_number_key)
            for other in matched
        )
    ][:5]
    keys = sorted({entry.document_number_key for entry in documents} or set(keys))
    related = Q()
    for key in keys:
        related |= Q(related_text__contains=key)
    interpretations = list(
        entries.filter(related, kind=EntryKind.INTERPRETATION)
        .exclude(pk__in=[e.pk for e in documents])
        .order_by("-date", "-pk")[:5]
    )
    if wants_interpretation(request):
        return interpretations + documents
    return documents + interpretations


def source_entries(entries: QuerySet, interpretations: list) -> list[SearchEntry]:
    """The live source documents of ``interpretations`` among ``entries``,
    each interpretation's sources in the editor's order, once each."""
    links = InterpretationSource.objects.filter(
        interpretation_id__in=[e.page_id for e in interpretations if e.page_id],
        document__live=True,
    ).values_list("interpretation_id", "document_id")
    by_interpretation: dict[int, list[int]] = {}
    for interpretation_id, document_id in links.order_by("sort_order"):
        by_interpretation.setdefault(interpretation_id, []).append(document_id)
    order = list(
        dict.fromkeys(
            document_id
            for entry in interpretations
            for document_id in by_interpretation.get(entry.page_id, [])
        )
    )
    found = {e.page_id: e for e in entries.filter(page_id__in=order)}
    return [found[page_id] for page_id in order if page_id in found]


class _Like(Func):
    """``expression LIKE pattern`` as a condition."""

    arg_joiner = " LIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _in_order(phrase: str):
    """A condition every title holding ``phrase`` meets, as typed or spread:
    its Chinese characters and digits in order, anything between. A plain
    ``LIKE`` that needs no case folding: checked first, it spares the
    costlier comparisons most titles (on 100,000 titles, bench/title_phrase.py).
    None when the phrase holds no such character."""
    chars = [c for c in phrase if c.isalnum() and c.lower() == c.upper()]
    if not chars:
        return None
    return _Like(F("title_unmarked"), Value("%" + "%".join(chars) + "%"))


def title_phrase_matches(entries: QuerySet, request: SearchRequest) -> list:
    """Entries whose title holds the query as a phrase, or writes it with a
    few characters between (`analysis.spread_pattern`: 林草长制 for 林长制),
    and the interpretations of documents so titled when one is asked for.
    They rank above a long text that mentions the phrase in passing, on
    every backend: a title that is the phrase first, then the titles whose
    subject (after 关于: the organ says who wrote it) is shortest, newer
    first. A news report or interpretation, or a version no longer in force,
    joins them only when its title is the phrase: otherwise it is left to the
    ranking, where it gives way to the documents in force (`standing`)."""
    phrase = title_phrase(request.q)
    # Titles compared without their marks: a title typed without its 《》
    # (copied from a news text) is the same title.
    bare = analysis.unmarked(phrase)
    if len(bare) < 2:  # nothing but marks (‘’): no phrase
        return []
    condition = Q(title_unmarked__icontains=bare)
    spread = analysis.spread_pattern(bare)
    if spread:
        condition |= Q(title_unmarked__iregex=spread)
    in_order = _in_order(bare)
    if in_order is not None:
        condition = Q(in_order) & condition
    if wants_interpretation(request):
        condition |= Q(kind=EntryKind.INTERPRETATION, related_text__icontains=phrase)
    preferred = preferred_kind(request)
    matches = (
        entries.filter(condition)
        .annotate(
            _exact=Case(When(title_unmarked=bare, then=Value(0)), default=Value(1)),
            _kind=Case(
                When(kind=preferred, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
            if preferred
            else Value(0),
            _standing=_standing_order(preferred),
            _subject=Length("title") - StrIndex("title", Value("关于")),
            _length=Length("title"),
        )
        .filter(Q(_exact=0) | Q(_standing=0))
    )
    order = ["_kind", "_exact", "_standing", "_subject", "_length", "-date", "-pk"]
    return list(matches.order_by(*order)[:PRIORITY_LIMIT])


def priority_matches(entries: QuerySet, request: SearchRequest) -> tuple:
    """What the database answers before the ranking: the exact document and
    index numbers (marked exact), then titles holding the phrase. Returns the
    entries, the ids of the exact ones, and the request to rank the rest by
    (`words_beside_numbers`)."""
    if not request.q:
        return [], set(), request
    found = exact_matches(entries, request.q)
    for entry in number_matches(entries, request):
        if entry not in found:
            found.append(entry)
    exact_ids = {entry.pk for entry in found}
    words = words_beside_numbers(request, found)
    if request.sort != "date" and not request.title_only:
        for entry in title_phrase_matches(entries.exclude(pk__in=exact_ids), words):
            if len(found) >= PRIORITY_LIMIT + len(exact_ids):
                break
            found.append(entry)
    return found, exact_ids, words


def words_beside_numbers(request: SearchRequest, found: list) -> SearchRequest:
    """A title typed with its document number (标题 青卫健发〔2023〕10号): once
    the number has found its document, the rest is ranked by the words typed
    beside it, so the document's copies on other sites and its other
    versions (a district's, by its own organ and number) follow it; as typed,
    the number's own parts (青卫健发, 2023, 10号) would be words every result
    must hold. A number with no other words (or only 解读) stays as typed."""
    keys = {entry.document_number_key for entry in found if entry.document_number_key}
    if not keys:
        return request
    text = request.q
    for key in sorted(keys, key=len, reverse=True):
        text = analysis.without_document_number(text, key)
    rest = analysis.query_words(_without_interpretation_words(text, gap=" "))
    if not [word for word in rest if len(word) > 1]:
        return request
    return replace(request, q=text)


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
