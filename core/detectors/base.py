"""What every detector returns: findings with exact positions and a safe excerpt."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

# Characters of context shown on each side of a finding in its excerpt.
EXCERPT_CONTEXT = 12


@dataclass(frozen=True)
class Finding:
    """One match in a text.

    ``start``/``end`` index the scanned text (Python string offsets, end exclusive).
    ``masked`` is what the matched text becomes after de-identification (for word
    lists: the suggested replacement, or the text itself). ``excerpt`` is the match
    in context with personal data masked, so a report or log never repeats the
    full value; ``value`` is kept only for masking and is left out of ``repr``.
    """

    kind: str
    start: int
    end: int
    masked: str
    excerpt: str
    value: str = field(repr=False)
    suggestion: str = ""


def excerpt(text: str, start: int, end: int, replacement: str) -> str:
    """The match with some context, the match itself replaced by ``replacement``."""
    left = max(0, start - EXCERPT_CONTEXT)
    right = min(len(text), end + EXCERPT_CONTEXT)
    before = text[left:start]
    after = text[end:right]
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    clean = " ".join  # collapse line breaks so an excerpt fits one line
    return prefix + clean(before.split()) + replacement + clean(after.split()) + suffix


def mask_middle(value: str, *, keep_start: int, keep_end: int) -> str:
    """Keep ``keep_start`` leading and ``keep_end`` trailing characters, star the rest.

    Separators (spaces, hyphens) are dropped so the mask never leaks grouping.
    """
    compact = "".join(ch for ch in value if ch.isalnum())
    hidden = len(compact) - keep_start - keep_end
    if hidden <= 0:
        return "*" * len(compact)
    return compact[:keep_start] + "*" * hidden + compact[len(compact) - keep_end :]


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Sort by position and drop findings that overlap an earlier, longer one.

    Detectors run in priority order (ID before bank card), so on equal spans the
    first detector wins.
    """
    ordered = sorted(
        enumerate(findings), key=lambda item: (item[1].start, -item[1].end, item[0])
    )
    kept: list[Finding] = []
    for _, finding in ordered:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def apply_masks(text: str, findings: list[Finding]) -> str:
    """Replace every finding's span in ``text`` by its ``masked`` form."""
    pieces = []
    cursor = 0
    for finding in resolve_overlaps(findings):
        pieces.append(text[cursor : finding.start])
        pieces.append(finding.masked)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def hide_spans(text: str, findings: list[Finding]) -> list[Finding]:
    """Findings whose excerpts star out every other finding's characters."""
    if len(findings) < 2:
        return findings
    hidden = list(text)
    for finding in findings:
        for index in range(finding.start, finding.end):
            if not hidden[index].isspace():
                hidden[index] = "*"
    starred = "".join(hidden)
    return [
        replace(
            finding,
            excerpt=excerpt(starred, finding.start, finding.end, finding.masked),
        )
        for finding in findings
    ]


def regex_findings(
    text: str,
    pattern: re.Pattern[str],
    *,
    kind: str,
    mask: Callable[[str], str],
    accept: Callable[[str], bool],
) -> list[Finding]:
    """Findings for the matches of ``pattern`` that ``accept`` confirms."""
    findings = []
    for match in pattern.finditer(text):
        value = match.group()
        if not accept(value):
            continue
        masked = mask(value)
        findings.append(
            Finding(
                kind=kind,
                start=match.start(),
                end=match.end(),
                masked=masked,
                excerpt=excerpt(text, match.start(), match.end(), masked),
                value=value,
            )
        )
    return findings
