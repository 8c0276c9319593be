"""Field rules of an information request (art. 29): identity numbers, postcode."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.detectors import resident_id

POSTCODE = re.compile(r"\d{6}")


def normalise_resident_id(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def validate_resident_id(value: str) -> None:
    """An 18-character resident ID (GB 11643): format, birth date, check char."""
    number = normalise_resident_id(value)
    if not re.fullmatch(r"\d{17}[0-9X]", number):
        raise ValidationError(
            _("居民身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
            code="resident_id_format",
        )
    if resident_id.check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("居民身份证号码的校验位不正确，请核对。"), code="resident_id_check"
        )
    if not resident_id.is_valid(number):
        raise ValidationError(
            _("居民身份证号码中的地区码或出生日期不正确，请核对。"),
            code="resident_id_invalid",
        )


def validate_postcode(value: str) -> None:
    if not POSTCODE.fullmatch(value or ""):
        raise ValidationError(_("邮政编码应为6位数字。"), code="invalid_postcode")
