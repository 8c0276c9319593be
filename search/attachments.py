"""The text of a page's attachments, for its search entry (#20.6).

PDF, Word .docx and plain-text attachments are read with the platform's one
extraction path (``publishing.extraction``: a child process with memory and
time limits, ZIP limits before a .docx is opened, results cached by file hash,
so a file the publish gate already read is not read again). This runs where
entries are written: the background task of ``search.tasks`` (or a rebuild),
never in a citizen's request.

Every attachment is hostile: a file larger than ``SEARCH_ATTACHMENT_MAX_BYTES``
is not opened, an unreadable, encrypted, bomb-like or mislabelled one is
skipped with a log line, control characters are dropped, and the whole page's
attachment text stops at ``SEARCH_ATTACHMENT_TEXT_MAX_CHARS`` characters
(0 turns attachment text off). Nothing here can fail the entry's sync.

``attachment_names`` keeps, for each attachment read, its display name and
where its text starts in ``attachment_text``, so a result row can say in which
attachment the query was found (「附件《……》中提及」).
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django.conf import settings

from search import analysis

logger = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 20_000
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Control and format characters (NUL, escape sequences, bidi overrides) and
# unassigned code points: what a crafted PDF's text layer may carry.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES_RE = re.compile(r"\s+")


def max_chars() -> int:
    return max(
        0, int(getattr(settings, "SEARCH_ATTACHMENT_TEXT_MAX_CHARS", DEFAULT_MAX_CHARS))
    )


def max_bytes() -> int:
    return max(
        0, int(getattr(settings, "SEARCH_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    )


def clean_text(text: str) -> str:
    """Printable text on one line: control characters out, spaces collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    kept = "".join(
        " " if char in "\t\n\r\f\v" else char
        for char in text
        if char in "\t\n\r\f\v" or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return _SPACES_RE.sub(" ", kept).strip()


def page_attachments(page) -> list[tuple[str, object]]:
    """(display name, document) of the page's attachments, in their order.

    Pages with an ``attachments`` inline of documents (a disclosure document's
    附件) have them; other page types have none.
    """
    related = getattr(page, "attachments", None)
    if related is None or not hasattr(related, "select_related"):
        return []
    found = []
    for attachment in related.select_related("document"):
        document = getattr(attachment, "document", None)
        if document is None:
            continue
        name = getattr(attachment, "display_title", "") or document.title
        found.append((clean_text(name)[:200], document))
    return found


def document_text(document) -> str | None:
    """The clean text of one stored document, or None when it is not read
    (format without reader, too large, broken, refused, too slow)."""
    from publishing.extraction import (
        EXTRACTABLE,
        ExtractionError,
        extract_document_text,
    )

    extension = (document.file_extension or "").lower()
    if extension not in EXTRACTABLE:
        return None
    try:
        size = document.get_file_size()
    except Exception:  # noqa: BLE001 - missing file in storage
        logger.warning("Search attachment %s: file missing, skipped", document.pk)
        return None
    if size is None or size > max_bytes():
        logger.warning(
            "Search attachment %s: %s bytes over the cap, skipped", document.pk, size
        )
        return None
    try:
        text = extract_document_text(document)
    except (ExtractionError, OSError, ValueError) as error:
        logger.warning(
            "Search attachment %s skipped: %s", document.pk, f"{error}"[:200]
        )
        return None
    except Exception:
        logger.exception("Search attachment %s: unexpected error", document.pk)
        return None
    return clean_text(text) if text else None


def attachment_values(page) -> dict:
    """The entry fields of ``page``'s attachments (text capped, names with
    where each attachment's text starts)."""
    empty = {
        "attachment_text": "",
        "attachment_text_segmented": "",
        "attachment_names": [],
    }
    budget = max_chars()
    if budget == 0:
        return empty
    parts: list[str] = []
    names: list[dict] = []
    used = 0
    for name, document in page_attachments(page):
        if used >= budget:
            break
        text = document_text(document)
        if not text:
            continue
        text = text[: budget - used]
        names.append({"name": name, "start": used})
        parts.append(text)
        # One space between attachments, counted in the offsets.
        used += len(text) + 1
    if not parts:
        return empty
    joined = " ".join(parts)
    return {
        "attachment_text": joined,
        "attachment_text_segmented": analysis.segment(joined),
        "attachment_names": names,
    }


def _found(text: str, terms) -> int | None:
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if term and term.strip()]
    positions = [p for p in positions if p >= 0]
    return min(positions) if positions else None


def mention(entry, terms) -> tuple[str, int] | None:
    """(attachment name, position in ``attachment_text``) when a word of the
    query is found in an attachment and not in the entry's title or text (the
    page matched through its attachment), else None."""
    if not entry.attachment_text or not entry.attachment_names:
        return None
    own = f"{entry.title} {entry.text}"
    only_attached = [
        term for term in terms if term and term.strip() and _found(own, [term]) is None
    ]
    position = _found(entry.attachment_text, only_attached)
    if position is None:
        return None
    name = ""
    for item in entry.attachment_names:
        if isinstance(item, dict) and int(item.get("start", 0)) <= position:
            name = str(item.get("name", ""))
    return (name, position) if name else None
