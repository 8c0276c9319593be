"""Chinese text analysis for search: segmentation, synonyms, number keys.

jieba cuts text into words for the database backend, whose parser only splits
on spaces. Its dictionary is extended with the government terms in
``settings.SEARCH_USER_DICTIONARIES`` (files the office can edit) and with every
term of the enabled synonym groups, so 医保 or 最低生活保障 stay whole words.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_tokenizer = None
# The government terms (user dictionaries and synonym groups) by their first
# character, for the split-term variants (see ``split_variants``).
_split_terms: dict[str, list[str]] | None = None
# Terms this long are looked for with one character inserted: shorter ones
# would match too much by chance, longer ones are rare.
SPLIT_TERM_LENGTHS = range(3, 9)
# Query words this long are compounds of several words (see compound_parts).
COMPOUND_LENGTH = 5
# Characters kept as words: CJK, letters and digits. Punctuation separates.
_WORD_RE = re.compile(r"\w", re.UNICODE)


def _build_tokenizer():
    import jieba

    # jieba logs its dictionary loading at INFO on the root of its own logger.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for path in getattr(settings, "SEARCH_USER_DICTIONARIES", []):
        if Path(path).is_file():
            tokenizer.load_userdict(str(path))
        else:
            logger.warning("Search user dictionary %s does not exist", path)
    terms: dict[str, list[str]] = {}
    for path in getattr(settings, "SEARCH_USER_DICTIONARIES", []):
        if Path(path).is_file():
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                _add_split_term(terms, line.split(" ")[0].strip().lower())
    for group in synonym_groups():
        for term in group:
            tokenizer.add_word(term, freq=50)
            _add_split_term(terms, term)
    global _split_terms
    _split_terms = terms
    return tokenizer


def _add_split_term(terms: dict[str, list[str]], term: str) -> None:
    if len(term) in SPLIT_TERM_LENGTHS and not term.startswith("#"):
        bucket = terms.setdefault(term[0], [])
        if term not in bucket:
            bucket.append(term)


def split_variants(text: str) -> list[str]:
    """Government terms written with one character inserted inside them:
    林草长制 holds 林长制, 河湖长制 holds 河长制. Found for every term of the
    dictionaries, not listed one by one; the indexed text gets the term too,
    so both backends find the variant by the term."""
    return [term for _start, _end, term in _split_spans(text)]


def _split_spans(text: str) -> list[tuple[int, int, str]]:
    """Where ``split_variants`` found each term: (start, end, term)."""
    tokenizer()
    terms = _split_terms or {}
    found: list[tuple[int, int, str]] = []
    for start, char in enumerate(text):
        for term in terms.get(char, ()):
            window = text[start : start + len(term) + 1]
            if len(window) <= len(term) or window[-1] != term[-1]:
                continue
            # The first difference is the inserted character, inside the term.
            same = next(
                (i for i, char in enumerate(term) if window[i] != char), len(term)
            )
            if 0 < same < len(term) and window[same + 1 :] == term[same:]:
                found.append((start, start + len(window), term))
    return found


def _join_split_terms(text: str) -> str:
    """A query typing a term with a character inserted (林草长制考核) asks for
    the term (林长制 考核): the documents writing it either way are indexed
    with the term."""
    for start, end, term in sorted(_split_spans(text), reverse=True):
        if term not in text[start:end]:
            text = f"{text[:start]} {term} {text[end:]}"
    return text


# Items of an enumeration: Chinese characters between the separators 、 (or
# 和/与 for two items).
_HAN = "\u4e00-\u9fff"
_ENUMERATION_RE = re.compile(f"[{_HAN}]+(?:、[{_HAN}]+)+")
_PAIR_RE = re.compile(f"(?=([{_HAN}]{{2,4}})[和与、]([{_HAN}]{{2,4}}))")


def contractions(text: str) -> list[str]:
    """The short forms an enumeration is known by, made the way such forms
    are made, not listed one by one: one character of each item, the shared
    part once. 专业化、精细化、特色化、新颖化 gives 专精特新, 供水、供电、供气、
    供暖 gives 水电气暖, 河长制、湖长制 gives 河湖长制, 中学和小学 gives 中小学.
    Only forms of three or more characters (two would match by chance)."""
    found: list[str] = []
    for match in _ENUMERATION_RE.finditer(text):
        found.extend(_list_contractions(match.group().split("、")))
    for match in _PAIR_RE.finditer(text):
        found.extend(_pair_contractions(match.group(1), match.group(2)))
    return list(dict.fromkeys(found))


def _list_contractions(parts: list[str]) -> list[str]:
    """Three items or more, the inner ones of one length: the outer ones are
    cut to that length (the text runs on around them)."""
    inner = parts[1:-1]
    if not inner or len({len(part) for part in inner}) != 1:
        return []
    size = len(inner[0])
    if size > 4 or len(parts[0]) < size or len(parts[-1]) < size:
        return []
    items = [parts[0][-size:], *inner, parts[-1][:size]]
    if size == 1:
        return []
    prefix = _shared(items)
    suffix = _shared([item[::-1] for item in items])[::-1]
    forms = []
    if prefix and all(len(item) == len(prefix) + 1 for item in items):
        forms.append("".join(item[-1] for item in items))  # 供水… → 水电气暖
    elif suffix:
        initials = "".join(item[0] for item in items)
        forms += [initials, initials + suffix]  # 专业化… → 专精特新
    return [form for form in forms if len(form) >= 3]


def _pair_contractions(left: str, right: str) -> list[str]:
    """Two items sharing their end: 中学和小学 → 中小学, 河长制、湖长制 → 河湖长制."""
    forms = []
    for size in range(min(len(left), len(right)), 1, -1):
        a, b = left[-size:], right[:size]
        if a[1:] == b[1:] and a[0] != b[0]:
            forms.append(a[0] + b[0] + a[1:])
    return [form for form in forms if len(form) >= 3][:1]


def _shared(items: list[str]) -> str:
    """The beginning all ``items`` share."""
    shared = items[0]
    for item in items[1:]:
        while not item.startswith(shared):
            shared = shared[:-1]
    return shared


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build_tokenizer()
    return _tokenizer


def reset() -> None:
    """Forget the tokenizer and synonyms: the next use reads the word lists again."""
    global _tokenizer, _synonyms, _split_terms
    with _lock:
        _tokenizer = None
        _synonyms = None
        _split_terms = None


def words(text: str) -> list[str]:
    """The words of ``text`` for indexing, lower-cased, without punctuation.

    Each word of jieba's precise cut is followed by every dictionary word it
    contains, of any length: 基本医疗保险 also gives 医疗保险, 医疗 and 保险, so
    a query for 医疗保险 finds it (jieba's search mode only adds 2- and
    3-character parts).
    """
    text = unicodedata.normalize("NFKC", text or "").lower()
    if not text.strip():
        return []
    cutter = tokenizer()
    cutter.check_initialized()
    freq = cutter.FREQ
    result = []
    for word in cutter.cut(text):
        if not word.strip() or not _WORD_RE.search(word):
            continue
        length = len(word)
        if length > 2:
            for size in range(2, min(length, 8)):
                for start in range(0, length - size + 1):
                    part = word[start : start + size]
                    if freq.get(part):
                        result.append(part)
        result.append(word)
    result.extend(split_variants(text))
    for short in contractions(text):
        # Also as a query cuts it (水电气暖: 水电, 气暖): the database backend
        # matches whole words, and the query asks for those.
        result.append(short)
        result.extend(part for part in cutter.cut(short) if part != short)
    return result


def segment(text: str) -> str:
    """``text`` as space-separated words (what the database backend indexes)."""
    return " ".join(words(text))


def query_words(text: str) -> list[str]:
    """The words of a query, in order, without repeats.

    ``cut`` (not the search mode) so that 最低生活保障 is one required word, not
    also its parts; the documents are indexed in search mode and contain both.
    """
    text = _join_split_terms(unicodedata.normalize("NFKC", text or "").lower())
    result: list[str] = []
    for word in tokenizer().cut(text):
        word = word.strip()
        if word and _WORD_RE.search(word) and word not in result:
            result.append(word)
    return result


def compound_parts(word: str) -> list[str]:
    """A long query word as the fewest words of two or more characters that
    make it up (老旧小区改造: 老旧, 小区, 改造), or none. Each part is a
    dictionary word, but for at most one pair of characters the dictionary
    does not know (jieba finds 老旧 in a text by its statistics). A text that
    writes the parts apart (老旧小区综合整治和改造) holds them all. Words of
    four characters or fewer are single terms (义务教育): not cut."""
    if len(word) < COMPOUND_LENGTH:
        return []
    cutter = tokenizer()
    cutter.check_initialized()
    freq = cutter.FREQ
    # best[i]: (unknown pairs, parts) of the best cut of word[:i].
    best: list[tuple[int, list[str]] | None] = [(0, [])] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            part = word[start:end]
            if best[start] is None or part == word:
                continue
            unknown = 0 if freq.get(part) else 1
            if unknown and len(part) != 2:
                continue
            cost = (best[start][0] + unknown, best[start][1] + [part])
            if cost[0] > 1:
                continue
            if best[end] is None or (cost[0], len(cost[1])) < (
                best[end][0],
                len(best[end][1]),
            ):
                best[end] = cost
    return best[-1][1] if best[-1] else []


# --- Synonyms ----------------------------------------------------------------

_synonyms: list[list[str]] | None = None


def synonym_groups() -> list[list[str]]:
    global _synonyms
    if _synonyms is None:
        from search.models import SynonymGroup

        try:
            _synonyms = [
                [term.lower() for term in group.term_list]
                for group in SynonymGroup.objects.filter(enabled=True)
            ]
        except Exception:  # noqa: BLE001 - no table yet (before migrate)
            return []
    return _synonyms


def synonyms_of(word: str) -> list[str]:
    """Other words of every group containing ``word`` (not ``word`` itself)."""
    found: list[str] = []
    for group in synonym_groups():
        if word in group:
            found.extend(term for term in group if term != word and term not in found)
    return found


# --- Document and index numbers ---------------------------------------------

# A number typed without brackets: 十政办发201532号, 十政办发2015年32号.
_BARE_RE = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5]{1,20}?)(?P<year>(?:19|20)\d{2})年?第?(?P<serial>\d{1,6})号$"
)
_INDEX_RE = re.compile(r"^[0-9A-Z][0-9A-Z-]{7,19}[/-]\d{4,6}-\d{4,6}$")


def document_number_key(value: str) -> str:
    """One spelling of a document number, whatever brackets or widths were typed.

    ``十政办发〔2015〕32号``, ``十政办发[2015]32号``, ``十政办发（2015）32号``,
    ``十政办发201532号`` and full-width digits all give ``十政办发〔2015〕32号``
    (the disclosure app's own parser and normalisation); anything that is not
    a document number gives "".
    """
    from django.core.exceptions import ValidationError

    from disclosure_pages.docnumbers import parse_document_number

    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))
    bare = _BARE_RE.match(text)
    if bare:
        text = f"{bare['org']}〔{bare['year']}〕{bare['serial']}号"
    try:
        number = parse_document_number(text)
    except ValidationError:
        return ""
    return number.text


def index_number_key(value: str) -> str:
    """An index number (索引号) in upper case and half width, or ""."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()
    return text if _INDEX_RE.match(text) else ""


# A year and serial inside a longer text: 〔2023〕12号, [2023]12号, and as it
# is said aloud, 2023年12号 (the year directly before the serial).
_NUMBER_TAIL_RE = re.compile(
    r"(?:[〔\[(【]\s*(?P<bracketed>(?:19|20)\d{2})\s*[〕\])】]|(?P<said>(?:19|20)\d{2})年)"
    r"\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
_ORG_CHAR_RE = re.compile(r"[\u4e00-\u9fa5]")
# The shortest issuer prefix tried (京发〔2024〕1号).
_MIN_ORG_LENGTH = 2
_MAX_ORG_LENGTH = 12


# The marks a title holds around a name (《办法》, “双减”), which a visitor
# copying a title from elsewhere may leave out.
TITLE_MARKS = "《》〈〉“”‘’「」\"'"
_UNMARK = {ord(mark): None for mark in TITLE_MARKS}


def unmarked(text: str) -> str:
    """``text`` in NFKC without ``TITLE_MARKS`` (what a title is compared
    by: 关于印发《办法》的通知 and 关于印发办法的通知 are the same title)."""
    return unicodedata.normalize("NFKC", text or "").translate(_UNMARK)


# A title may write a phrase with a few characters between its characters:
# 林草长制 for 林长制, 产业与教育融合型企业 for 产教融合型企业, 供水、供电、
# 供气、供暖报装 for 水电气暖报装, 老旧小区综合整治和改造 for 老旧小区改造.
# Up to this many between two of them (综合整治和: five)...
SPREAD_GAP = 5
# ...in a phrase of at least this many characters (two would meet by chance).
SPREAD_MIN_LENGTH = 3


def spread_pattern(phrase: str) -> str:
    """A regular expression for the characters of ``phrase`` in order, with
    up to ``SPREAD_GAP`` others between two of them; empty for a phrase
    shorter than ``SPREAD_MIN_LENGTH`` or holding anything but letters and
    digits. Each gap stops at the first next character, so a match takes
    one way only: the pattern runs in linear time on any title, in Python's
    engine (SQLite's REGEXP) as in PostgreSQL's."""
    chars = unmarked(phrase).lower()
    if len(chars) < SPREAD_MIN_LENGTH or not chars.isalnum():
        return ""
    return chars[0] + "".join(f"[^{c}]{{0,{SPREAD_GAP}}}{c}" for c in chars[1:])


def compact(text: str) -> str:
    """``text`` in NFKC without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _number_tail(match: re.Match) -> str:
    """A ``_NUMBER_TAIL_RE`` match as a key's end: 〔2023〕12号."""
    year = match["bracketed"] or match["said"]
    return f"〔{year}〕{int(match['serial'])}号"


def document_numbers_in(text: str) -> list[str]:
    """Every reading of a document number inside ``text`` (京政发〔2024〕3号
    解读, 关于京政办发〔2023〕12号的通知), as keys.

    Where the issuer starts is unknown without spaces, so each prefix of 2 to
    12 Chinese characters before the bracket is a candidate: the caller keeps
    the longest one that exists.
    """
    keys: list[str] = []
    for token in [text, *unicodedata.normalize("NFKC", text or "").split()]:
        key = document_number_key(token)
        if key and key not in keys:
            keys.append(key)
    flat = compact(text)
    for match in _NUMBER_TAIL_RE.finditer(flat):
        tail = _number_tail(match)
        start = match.start()
        org = ""
        for position in range(start - 1, max(-1, start - _MAX_ORG_LENGTH - 1), -1):
            if not _ORG_CHAR_RE.match(flat[position]):
                break
            org = flat[position] + org
            if len(org) >= _MIN_ORG_LENGTH:
                key = document_number_key(org + tail)
                if key and key not in keys:
                    keys.append(key)
    return keys


def without_document_number(text: str, key: str) -> str:
    """``text`` without the document number ``key`` wherever it is written
    in it, in any spelling (标题 青卫健发〔2023〕10号, 标题青卫健发[2023]10号):
    the words typed beside a number that found its document."""
    text = unicodedata.normalize("NFKC", text or "")
    kept = [token for token in text.split() if document_number_key(token) != key]
    text = " ".join(kept)
    for match in reversed(list(_NUMBER_TAIL_RE.finditer(text))):
        tail = _number_tail(match)
        issuer = key[: -len(tail)] if key.endswith(tail) else ""
        before = text[: match.start()].rstrip()
        if issuer and before.endswith(issuer):
            text = f"{before[: -len(issuer)]} {text[match.end() :]}"
    return " ".join(text.split())
