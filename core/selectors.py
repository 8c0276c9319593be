"""Reads of the shared word lists, in the form the detectors take."""

from __future__ import annotations

from core.models import CommonMisspelling, SensitiveWord


def active_sensitive_words() -> list[str]:
    return list(
        SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True)
    )


def active_misspellings() -> dict[str, str]:
    return dict(
        CommonMisspelling.objects.filter(is_active=True).values_list("wrong", "correct")
    )
