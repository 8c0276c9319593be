"""Mainland mobile phone numbers: ``1[3-9]`` and nine more digits.

Digit boundaries keep the pattern from firing inside longer numbers; a single
space or hyphen between the 3-4-4 groups is accepted because editors write both.
"""

from __future__ import annotations

import re

from core.detectors.base import Finding, mask_middle, regex_findings

KIND = "mobile"

PATTERN = re.compile(r"(?<![0-9])1[3-9]\d(?:[- ]?)\d{4}(?:[- ]?)\d{4}(?![0-9])")


def mask(number: str) -> str:
    """``138****1234``."""
    return mask_middle(number, keep_start=3, keep_end=4)


def _consistent_separators(value: str) -> bool:
    # Mixed separators ("138-1234 5678") are not how numbers are written.
    return len({ch for ch in value if not ch.isdigit()}) <= 1


def find(text: str) -> list[Finding]:
    return regex_findings(
        text, PATTERN, kind=KIND, mask=mask, accept=_consistent_separators
    )
