"""Organisation codes and index numbers (索引号).

Check characters follow GB 11714-1997 (organisation code) and GB 32100-2015
(unified social credit code); see docs/domain.md b2.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11714: 8 body characters (digits, capital letters) and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")

# GB 32100: 31 characters (no I, O, S, V, Z), 17 body characters and a check one.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# The canonical index number we generate: <9- or 18-char code>/<YYYY>-<NNNNN>.
CANONICAL_INDEX_RE = re.compile(
    r"^(?:[0-9A-Z]{9}|[0-9A-HJ-NPQRTUWXY]{18})/(?:19|20)\d{2}-\d{5,6}$"
)
# Variants seen on live sites, accepted on import and for legacy documents but
# never generated: hyphenated codes, year+month, dashes only, pinyin prefixes.
LEGACY_INDEX_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{1,29}[/\-][0-9]{4,6}-\d{1,8}$")


def org_code_check_char(body: str) -> str:
    total = sum(_char_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(body: str) -> str:
    total = sum(
        CREDIT_CHARSET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def _char_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def normalise_org_code(value: str) -> str:
    """Upper-case and drop the hyphen printed before the check character."""
    return value.strip().upper().replace("-", "")


def validate_org_code(value: str) -> None:
    code = normalise_org_code(value)
    if not ORG_CODE_RE.match(code):
        raise ValidationError(
            _("组织机构代码应为 9 位数字或大写字母（最后一位可为 X）。"),
            code="org_code_format",
        )
    if org_code_check_char(code[:8]) != code[8]:
        raise ValidationError(
            _("组织机构代码的校验位不正确，请核对。"), code="org_code_check"
        )


def validate_credit_code(value: str) -> None:
    code = value.strip().upper()
    if not CREDIT_CODE_RE.match(code):
        raise ValidationError(
            _("统一社会信用代码应为 18 位，且不含 I、O、S、V、Z。"),
            code="credit_code_format",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("统一社会信用代码的校验位不正确，请核对。"), code="credit_code_check"
        )
    # Characters 9-17 are the organisation code, which has its own check digit.
    try:
        validate_org_code(code[8:17])
    except ValidationError as error:
        raise ValidationError(
            _("统一社会信用代码第 9 至 17 位不是有效的组织机构代码。"),
            code="credit_code_org",
        ) from error


def format_index_number(*, prefix: str, year: int, serial: int) -> str:
    return f"{prefix}/{year:04d}-{serial:05d}"


def validate_index_number(value: str) -> None:
    """Accept the canonical form and the legacy variants found in migrated data."""
    if not (CANONICAL_INDEX_RE.match(value) or LEGACY_INDEX_RE.match(value)):
        raise ValidationError(
            _(
                "索引号格式不正确，应为“机构代码/年份-流水号”，例如 000014349/2017-00110。"  # noqa: E501
            ),
            code="index_number_format",
        )
