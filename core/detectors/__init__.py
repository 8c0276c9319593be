"""Detectors shared by the publish gate and the inspection (one module each).

Every detector is a pure function ``find(text, ...) -> list[Finding]`` with exact
string offsets and an excerpt that never repeats a full personal-data value.
"""

from __future__ import annotations

from core.detectors import (
    bank_card,
    misspellings,
    mobile,
    resident_id,
    sensitive_words,
)
from core.detectors.base import Finding, apply_masks, hide_spans, resolve_overlaps

# Order matters: an 18-digit resident ID can pass Luhn too and must be reported
# as an ID, not a card.
PERSONAL_DATA_DETECTORS = (resident_id.find, mobile.find, bank_card.find)


def find_personal_data(text: str) -> list[Finding]:
    """Resident IDs, mobile numbers and bank cards in ``text``, in order."""
    findings: list[Finding] = []
    for detector in PERSONAL_DATA_DETECTORS:
        findings.extend(detector(text))
    # Each detector's excerpt shows raw context; re-cut them so that another
    # value next to a finding is hidden too.
    return hide_spans(text, resolve_overlaps(findings))


def mask_personal_data(text: str) -> str:
    """``text`` with every personal-data finding replaced by its masked form."""
    return apply_masks(text, find_personal_data(text))


__all__ = [
    "Finding",
    "apply_masks",
    "bank_card",
    "find_personal_data",
    "mask_personal_data",
    "misspellings",
    "mobile",
    "resident_id",
    "sensitive_words",
]
