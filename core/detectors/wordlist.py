"""Shared matcher for word lists: one compiled alternation per list.

Python's ``re`` tries the alternatives at each position; with the longest words
first the leftmost-longest match wins. A compiled list is cached by its content,
so callers can pass the list from the database on every call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from core.detectors.base import Finding, excerpt


@lru_cache(maxsize=16)
def _compile(words: tuple[str, ...]) -> re.Pattern[str] | None:
    words = tuple(sorted({w for w in words if w}, key=lambda w: (-len(w), w)))
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words))


def find_words(
    text: str, words: Iterable[str], *, kind: str, suggestions: dict[str, str] | None
) -> list[Finding]:
    pattern = _compile(tuple(sorted(set(words))))
    if pattern is None:
        return []
    suggestions = suggestions or {}
    findings = []
    for match in pattern.finditer(text):
        value = match.group()
        suggestion = suggestions.get(value, "")
        findings.append(
            Finding(
                kind=kind,
                start=match.start(),
                end=match.end(),
                masked=suggestion or value,
                excerpt=excerpt(text, match.start(), match.end(), f"【{value}】"),
                value=value,
                suggestion=suggestion,
            )
        )
    return findings
