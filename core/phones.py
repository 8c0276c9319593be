"""Mainland telephone numbers as citizens type them into public forms."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"1[3-9]\d{9}")
# Fixed line: area code 0 + 2-3 digits, 7-8 digit number, optional extension.
FIXED_LINE = re.compile(r"(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?")


def normalise_phone(value: str) -> str:
    """The canonical form of a mainland mobile or fixed-line number, else raise.

    Mobiles become 11 digits; fixed lines ``区号-号码[-分机]``, so that one number
    written two ways counts once for a per-phone limit.
    """
    compact = re.sub(r"[\s()（）]", "", value)
    if MOBILE.fullmatch(compact.replace("-", "")):
        return compact.replace("-", "")
    match = FIXED_LINE.fullmatch(compact)
    if match:
        area, number, extension = match.groups()
        return "-".join(part for part in (area, number, extension) if part)
    raise ValidationError(
        _("请填写正确的手机号码（11位）或带区号的固定电话，例如 010-12345678。"),
        code="invalid_phone",
    )
