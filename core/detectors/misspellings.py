"""Common misspellings in government text (按装 → 安装, 截止2025年 → 截至).

The dictionary is data (``core/data/misspellings.tsv``, loaded into the
office-editable ``core.models.CommonMisspelling``); the publish gate and the
inspection read the same active list. Each entry may carry context rules, so a
correct phrase that contains the same characters is not flagged:

- ``not_before``: not flagged when the text right before is one of these
  (支付主任 is not 付主任);
- ``not_after``: not flagged when the text right after is one of these
  (按排名 is not 按排); ``$`` stands for the end of the text or a punctuation mark;
- ``only_after``: flagged only when the text right after is one of these
  (截止 only before a date: 截止2025年底); ``#`` stands for a digit or numeral;
- ``not_later``: not flagged when one of these follows later in the same
  sentence (既使……又使 is 既……又…, not 即使).

One compiled alternation finds the candidates in a single left-to-right pass
(longest wrong form first); the rules are checked only at those positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from core.detectors.base import Finding, excerpt

KIND = "misspelling"
END = "$"
DIGIT = "#"
PUNCTUATION = frozenset('。！？；，、：,.!?;:\n\r\t ）)”"」』》…')
SENTENCE_END = frozenset("。！？；!?;\n")
DIGITS = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九十百两")


@dataclass(frozen=True)
class Entry:
    """One wrong form, its correction and its context rules (see module doc)."""

    wrong: str
    correct: str
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()
    not_later: tuple[str, ...] = ()


def split_rule(value: str) -> tuple[str, ...]:
    """A rule as stored: alternatives separated by ``|``."""
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _follows(text: str, at: int, options: tuple[str, ...]) -> bool:
    for option in options:
        if option == END:
            if at >= len(text) or text[at] in PUNCTUATION:
                return True
        elif option == DIGIT:
            if at < len(text) and text[at] in DIGITS:
                return True
        elif text.startswith(option, at):
            return True
    return False


def _later_in_sentence(text: str, at: int, options: tuple[str, ...]) -> bool:
    end = at
    while end < len(text) and text[end] not in SENTENCE_END:
        end += 1
    sentence = text[at:end]
    return any(option in sentence for option in options)


def applies(entry: Entry, text: str, start: int, end: int) -> bool:
    """Whether ``entry`` matched at ``text[start:end]`` is an error in context."""
    if any(text.endswith(option, 0, start) for option in entry.not_before):
        return False
    if entry.not_after and _follows(text, end, entry.not_after):
        return False
    if entry.only_after and not _follows(text, end, entry.only_after):
        return False
    return not (entry.not_later and _later_in_sentence(text, end, entry.not_later))


@lru_cache(maxsize=8)
def _compile(entries: tuple[Entry, ...]):
    by_wrong = {entry.wrong: entry for entry in entries if entry.wrong}
    if not by_wrong:
        return None, {}
    words = sorted(by_wrong, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(word) for word in words)), by_wrong


def as_entries(corrections: Mapping[str, str] | Iterable[Entry]) -> tuple[Entry, ...]:
    if isinstance(corrections, Mapping):
        return tuple(Entry(w, c) for w, c in sorted(corrections.items()))
    return tuple(corrections)


def find(text: str, corrections: Mapping[str, str] | Iterable[Entry]) -> list[Finding]:
    """Misspellings in ``text``; ``corrections`` maps wrong to correct forms or
    is a sequence of ``Entry`` with context rules."""
    pattern, by_wrong = _compile(as_entries(corrections))
    if pattern is None:
        return []
    findings = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        value = match.group()
        entry = by_wrong[value]
        if not applies(entry, text, match.start(), match.end()):
            position = match.start() + 1  # a shorter or later form may still match
            continue
        findings.append(
            Finding(
                kind=KIND,
                start=match.start(),
                end=match.end(),
                masked=entry.correct,
                excerpt=excerpt(text, match.start(), match.end(), f"【{value}】"),
                value=value,
                suggestion=entry.correct,
            )
        )
        position = match.end()
    return findings
