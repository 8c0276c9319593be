"""Resident identity card numbers (GB 11643-1999, 18 characters).

A candidate counts only when its region code names a real province-level region,
its birth date is a real date not in the future, and its check character matches
ISO 7064 MOD 11-2. Numbers that fail any of these are not reported: long digit
runs (file numbers, order numbers) are common in government text.
"""

from __future__ import annotations

import datetime
import re

from core.detectors.base import Finding, mask_middle, regex_findings

KIND = "resident_id"

# Province-level region codes (first two digits) of GB/T 2260, plus 71 (Taiwan),
# 81/82 (Hong Kong, Macao) and 83 (Taiwan residents' residence permits), which
# also use this format.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
     45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)  # fmt: skip
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1880

PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)
    )
    return CHECK_CHARS[total % 11]


def is_valid(number: str, *, today: datetime.date | None = None) -> bool:
    """True when ``number`` is a well-formed 18-character resident ID."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if int(number[:2]) not in PROVINCE_CODES:
        return False
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    today = today or datetime.date.today()
    if not (EARLIEST_BIRTH_YEAR <= birth.year and birth <= today):
        return False
    return check_character(number[:17]) == number[17].upper()


def mask(number: str) -> str:
    """``110101********1234``: region code and last four kept."""
    return mask_middle(number, keep_start=6, keep_end=4)


def find(text: str) -> list[Finding]:
    return regex_findings(text, PATTERN, kind=KIND, mask=mask, accept=is_valid)
