"""Highlighting in Python over the entry text, so it works on every backend:
the text is HTML-escaped and each matched term wrapped in <mark>."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 120


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
