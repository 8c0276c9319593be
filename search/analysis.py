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
    for group in synonym_groups():
        for term in group:
            tokenizer.add_word(term, freq=50)
    return tokenizer


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build_tokenizer()
    return _tokenizer


def reset() -> None:
    """Forget the tokenizer and synonyms: the next use reads the word lists again."""
    global _tokenizer, _synonyms
    with _lock:
        _tokenizer = None
        _synonyms = None


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
    return result


def segment(text: str) -> str:
    """``text`` as space-separated words (what the database backend indexes)."""
    return " ".join(words(text))


def query_words(text: str) -> list[str]:
    """The words of a query, in order, without repeats.

    ``cut`` (not the search mode) so that 最低生活保障 is one required word, not
    also its parts; the documents are indexed in search mode and contain both.
    """
    text = unicodedata.normalize("NFKC", text or "").lower()
    result: list[str] = []
    for word in tokenizer().cut(text):
        word = word.strip()
        if word and _WORD_RE.search(word) and word not in result:
            result.append(word)
    return result


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

# A number typed without brackets: 十政办发201532号.
_BARE_RE = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5]{1,20}?)(?P<year>(?:19|20)\d{2})第?(?P<serial>\d{1,6})号$"
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
