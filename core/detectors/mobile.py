"""Mainland mobile phone numbers: ``1[3-9]`` and nine more digits.

Digit boundaries keep the pattern from firing inside longer numbers; a single
space or hyphen between the 3-4-4 groups is accepted because editors write both.
"""

from __future__ import annotations

import re

from core.detectors.base import Finding, excerpt, mask_middle

KIND = "mobile"

PATTERN = re.compile(r"(?<![0-9])1[3-9]\d(?:[- ]?)\d{4}(?:[- ]?)\d{4}(?![0-9])")


def mask(number: str) -> str:
    """``138****1234``."""
    return mask_middle(number, keep_start=3, keep_end=4)


def find(text: str) -> list[Finding]:
    findings = []
    for match in PATTERN.finditer(text):
        value = match.group()
        separators = [ch for ch in value if not ch.isdigit()]
        # Mixed separators ("138-1234 5678") are not how numbers are written.
        if len(set(separators)) > 1:
            continue
        masked = mask(value)
        findings.append(
            Finding(
                kind=KIND,
                start=match.start(),
                end=match.end(),
                masked=masked,
                excerpt=excerpt(text, match.start(), match.end(), masked),
                value=value,
            )
        )
    return findings
