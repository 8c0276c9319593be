"""Plain text typed into public forms: no control or invisible characters."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hardening.requests import has_control_character

# Direction overrides and isolates reorder what staff read (a reply to "…" may
# appear as another name); zero-width characters hide words from the
# sensitive-word check. Never needed in a citizen's text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def validate_plain_text(value: str) -> None:
    if has_control_character(value) or _INVISIBLE.search(value):
        raise ValidationError(
            _("内容包含不允许的控制字符或不可见字符，请删除后重试。"),
            code="control_character",
        )
