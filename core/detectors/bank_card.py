"""Bank card numbers: 16 to 19 digits passing the Luhn check.

Cards are often written in groups of four separated by single spaces; both forms
are found. At most the first six (issuer) and last four digits stay visible.
"""

from __future__ import annotations

import re

from core.detectors.base import Finding, mask_middle, regex_findings

KIND = "bank_card"

PATTERN = re.compile(
    r"(?<![0-9])(?:\d{16,19}|\d{4}(?: \d{4}){3}(?: \d{1,3})?)(?![0-9])"
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def mask(number: str) -> str:
    """``622202*********0123``: issuer (6) and last four digits kept."""
    return mask_middle(number, keep_start=6, keep_end=4)


def _is_card(value: str) -> bool:
    digits = value.replace(" ", "")
    # A run of one repeated digit passes Luhn for some lengths but is filler.
    return 16 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 1


def find(text: str) -> list[Finding]:
    return regex_findings(text, PATTERN, kind=KIND, mask=mask, accept=_is_card)
