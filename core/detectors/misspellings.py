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

One left-to-right pass: a compiled character class of the wrong forms' first
characters finds the candidate positions at C speed, a dictionary gives each
position's few entries (longest first), and the rules are checked only where
a wrong form starts; the cost grows with the text, hardly with the list
(bench/detectors.py).
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
    """A character class of the wrong forms' first characters (the C-speed
    scan for candidate positions) and, per first character, its entries
    longest first (the leftmost-longest match wins)."""
    by_first: dict[str, list[Entry]] = {}
    for entry in {entry.wrong: entry for entry in entries if entry.wrong}.values():
        by_first.setdefault(entry.wrong[0], []).append(entry)
    if not by_first:
        return None, {}
    for candidates in by_first.values():
        candidates.sort(key=lambda entry: (-len(entry.wrong), entry.wrong))
    starts = re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]")
    return starts, by_first


# (entries, compiled) of the last call: a page's texts are checked one after
# the other against the same tuple, and hashing ~700 entries for the
# lru_cache on every text cost more than the scan itself.
_last: tuple[object, object] = (None, None)


def _compiled(entries: tuple[Entry, ...]):
    global _last
    last_entries, compiled = _last
    if last_entries is not entries:
        compiled = _compile(entries)
        _last = (entries, compiled)
    return compiled


def as_entries(corrections: Mapping[str, str] | Iterable[Entry]) -> tuple[Entry, ...]:
    if isinstance(corrections, Mapping):
        return tuple(Entry(w, c) for w, c in sorted(corrections.items()))
    return tuple(corrections)


def find(text: str, corrections: Mapping[str, str] | Iterable[Entry]) -> list[Finding]:
    """Misspellings in ``text``; ``corrections`` maps wrong to correct forms or
    is a sequence of ``Entry`` with context rules."""
    starts, by_first = _compiled(as_entries(corrections))
    if starts is None:
        return []
    findings = []
    resume = 0  # after a finding, matches inside it are not looked for
    for candidate in starts.finditer(text):
        start = candidate.start()
        if start < resume:
            continue
        for entry in by_first[text[start]]:
            end = start + len(entry.wrong)
            if not text.startswith(entry.wrong, start):
                continue
            if not applies(entry, text, start, end):
                continue  # a shorter form at the same place may still apply
            findings.append(
                Finding(
                    kind=KIND,
                    start=start,
                    end=end,
                    masked=entry.correct,
                    excerpt=excerpt(text, start, end, f"【{entry.wrong}】"),
                    value=entry.wrong,
                    suggestion=entry.correct,
                )
            )
            resume = end
            break
    return findings
