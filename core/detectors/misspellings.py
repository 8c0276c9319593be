"""Common misspellings in government text (按装 → 安装, 既使 → 即使).

The list is data (``core.models.CommonMisspelling``, seeded with common errors);
each finding carries the correct form as its suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.detectors.base import Finding
from core.detectors.wordlist import find_words

KIND = "misspelling"


def find(text: str, corrections: Mapping[str, str]) -> list[Finding]:
    """``corrections`` maps each wrong form to its correct form."""
    return find_words(
        text, corrections.keys(), kind=KIND, suggestions=dict(corrections)
    )
