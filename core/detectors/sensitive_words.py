"""Words the office forbids in published text (classification marks and the like).

The list itself is data (``core.models.SensitiveWord``, maintained by the office);
this function only matches it.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.detectors.base import Finding
from core.detectors.wordlist import find_words

KIND = "sensitive_word"


def find(text: str, words: Iterable[str]) -> list[Finding]:
    return find_words(text, words, kind=KIND, suggestions=None)
