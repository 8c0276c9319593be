"""Document numbers (发文字号): parsing and normalisation (dates: core.chinese_dates).

Rules from GB/T 9704-2012 as summarised in docs/domain.md b3: organ
abbreviation + year in 〔〕 + serial + 号, serial without 第 or leading zeros;
orders use “…令第N号”.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Brackets that live data puts around the year instead of the hexagonal 〔〕.
_OPEN_BRACKETS = "[(（【〖［〔﹝"
_CLOSE_BRACKETS = "])）】〗］〕﹞"

_NUMBER_RE = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5]{1,20})〔(?P<year>\d{4})〕(?P<serial>\d{1,6})号$"
)
_ORDER_RE = re.compile(r"^(?P<org>[\u4e00-\u9fa5]{1,20}令)第(?P<serial>\d{1,6})号$")
# A document number anywhere in a line (used to find one in plain text).
NUMBER_IN_TEXT_RE = re.compile(
    r"[\u4e00-\u9fa5]{1,20}\s*[\[(（【〖［〔﹝]\s*(?:19|20)\d{2}\s*[\])）】〗］〕﹞]"
    r"\s*第?\d{1,6}\s*号"
)


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed document number; ``year`` is None for orders (…令第N号)."""

    text: str
    organ: str
    year: int | None
    serial: int


def _canonical_characters(value: str) -> str:
    # NFKC turns full-width digits into ASCII; spaces never belong in a number.
    value = unicodedata.normalize("NFKC", value)
    value = re.sub(r"\s+", "", value)
    for char in _OPEN_BRACKETS:
        value = value.replace(char, "〔")
    for char in _CLOSE_BRACKETS:
        value = value.replace(char, "〕")
    return value


def parse_document_number(value: str) -> DocumentNumber:
    """Parse and normalise; raises ValidationError with a reason in Chinese."""
    text = _canonical_characters(value)
    if not text:
        raise ValidationError(_("发文字号不能为空。"), code="empty")
    order = _ORDER_RE.match(text)
    if order:
        serial = order["serial"]
        _check_serial(serial)
        return DocumentNumber(text, order["org"], None, int(serial))
    if "〔" not in text or "〕" not in text:
        raise ValidationError(
            _("发文字号缺少用〔〕括起的年份，例如 国办发〔2017〕47号。"),
            code="no_year",
        )
    if not text.endswith("号"):
        raise ValidationError(_("发文字号应以“号”结尾。"), code="no_hao")
    # “第” before the serial is tolerated in live data but is not part of the form.
    text = re.sub(r"〕第(\d)", r"〕\1", text)
    match = _NUMBER_RE.match(text)
    if not match:
        raise ValidationError(
            _("发文字号格式不正确：应为“机关代字〔年份〕序号号”，机关代字为汉字。"),
            code="format",
        )
    year = int(match["year"])
    if not 1949 <= year <= datetime.date.today().year + 1:
        raise ValidationError(
            _("发文字号中的年份 %(year)s 不合理。"),
            code="year",
            params={"year": year},
        )
    _check_serial(match["serial"])
    return DocumentNumber(text, match["org"], year, int(match["serial"]))


def _check_serial(serial: str) -> None:
    if serial.startswith("0"):
        raise ValidationError(
            _("发文字号的序号不能为 0 或以 0 开头。"), code="serial_zero"
        )
