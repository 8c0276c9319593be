"""Format rules of the site registry (docs/domain.md (f), c8).

Each function raises ``ValidationError`` with a whole sentence in Chinese, so the
same rule gives the same message in forms, services and the command line.
"""

from __future__ import annotations

import re

import idna
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from site_registry.choices import PORTAL_LEVELS

# Local codes are a 6-digit region code plus a 4-digit serial; central ones "bm"
# plus 8 digits (bm01000001 for www.gov.cn).
SITE_CODE_RE = re.compile(r"^(?:\d{10}|bm\d{8})$")
ICP_RE = re.compile(r"^[\u4e00-\u9fa5]ICP备\d{8,10}号(?:-\d+)?$")
POLICE_RE = re.compile(r"^[\u4e00-\u9fa5]公网安备\d{14}号$")
PHONE_RE = re.compile(r"^[0-9+()（）\- 转]{7,30}$")
# Standard names are the organ's full name plus 网站 / 门户网站: Chinese
# characters, digits, Latin letters, brackets and the middle dot, nothing else.
NAME_CHARS_RE = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9（）()·]+$")
LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
SUBSITE_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


def validate_site_code(value: str) -> None:
    if not SITE_CODE_RE.match(value):
        raise ValidationError(
            _(
                "网站标识码格式不正确：地方网站为10位数字（6位行政区划代码加4位顺序号），"
                "国务院部门网站为bm加8位数字。"
            ),
            code="invalid_site_code",
        )
    if value[:6] == "000000":
        raise ValidationError(
            _("网站标识码的前6位应为行政区划代码，不能全为0。"),
            code="invalid_site_code",
        )


def validate_icp_number(value: str) -> None:
    if not ICP_RE.match(value):
        raise ValidationError(
            _("ICP备案号格式不正确，应形如“鲁ICP备12345678号-1”。"),
            code="invalid_icp",
        )


def validate_police_number(value: str) -> None:
    if not POLICE_RE.match(value):
        raise ValidationError(
            _(
                "公安机关备案号格式不正确，应形如“鲁公网安备37010202000001号”（14位数字）。"
            ),
            code="invalid_police",
        )


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value):
        raise ValidationError(
            _("联系电话格式不正确，请填写区号和号码，例如“0531-12345678”。"),
            code="invalid_phone",
        )


def validate_subsite_slug(value: str) -> None:
    if not SUBSITE_SLUG_RE.match(value):
        raise ValidationError(
            _("子站路径只能由小写字母、数字和连字符组成，例如“qtz”。"),
            code="invalid_slug",
        )


def validate_site_name(name: str, *, level: str, is_subsite: bool) -> None:
    """Standard names (规范名称): the organ's full name, no abbreviations.

    Portals end in 门户网站, other sites in 网站; a sub-site is a section of its
    parent portal, so it carries the unit's name without 网站.
    """
    if not 4 <= len(name) <= 50:
        raise ValidationError(_("规范名称应为4至50个字。"), code="invalid_name_length")
    if not NAME_CHARS_RE.match(name):
        raise ValidationError(
            _("规范名称只能包含汉字、字母、数字、括号和间隔号，不能有空格或其他符号。"),
            code="invalid_name_chars",
        )
    if is_subsite:
        if name.endswith("网站"):
            raise ValidationError(
                _("子站不是独立网站，规范名称不应以“网站”结尾，请使用单位全称。"),
                code="invalid_subsite_name",
            )
        return
    if level in PORTAL_LEVELS and not name.endswith("门户网站"):
        raise ValidationError(
            _(
                "政府门户网站的规范名称应以“门户网站”结尾，例如“示范市人民政府门户网站”。"
            ),
            code="invalid_portal_name",
        )
    if level not in PORTAL_LEVELS and (
        not name.endswith("网站") or name.endswith("门户网站")
    ):
        raise ValidationError(
            _("部门和乡镇网站的规范名称应为“单位全称+网站”，例如“示范市教育局网站”。"),
            code="invalid_site_name",
        )


def normalize_hostname(value: str) -> str:
    """The ASCII (punycode) form browsers send in the Host header, lower case.

    Accepts Unicode (示范.政务) or punycode input; raises ValidationError when
    the name is not a valid domain name.
    """
    candidate = value.strip().rstrip(".").lower()
    if not candidate:
        raise ValidationError(_("请填写域名。"), code="invalid_domain")
    if "://" in candidate or "/" in candidate or ":" in candidate:
        raise ValidationError(
            _("只填写域名本身，不要包含“http://”、端口或路径。"), code="invalid_domain"
        )
    try:
        ascii_name = idna.encode(candidate, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise ValidationError(
            _("“%(value)s”不是有效的域名。"),
            code="invalid_domain",
            params={"value": value},
        ) from None
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(LABEL_RE.match(label) for label in labels):
        raise ValidationError(
            _("“%(value)s”不是有效的域名。"),
            code="invalid_domain",
            params={"value": value},
        )
    return ascii_name


def display_hostname(ascii_name: str) -> str:
    """The Unicode form of a stored host name, for people to read."""
    try:
        return idna.decode(ascii_name)
    except idna.IDNAError:
        return ascii_name


def allowed_suffixes() -> list[str]:
    """The office's domain suffixes, in ASCII form (".政务" → ".xn--zfr164b")."""
    suffixes = []
    for suffix in settings.SITE_REGISTRY_DOMAIN_SUFFIXES:
        bare = suffix.strip().lstrip(".")
        if bare:
            suffixes.append("." + idna.encode(bare, uts46=True).decode("ascii"))
    return suffixes


def validate_domain_allowed(ascii_name: str) -> None:
    """Production accepts only the office's suffixes; development adds localhost."""
    if settings.SITE_REGISTRY_ALLOW_LOCALHOST and (
        ascii_name == "localhost" or ascii_name.endswith(".localhost")
    ):
        return
    suffixes = allowed_suffixes()
    for suffix in suffixes:
        if ascii_name.endswith(suffix) and len(ascii_name) > len(suffix):
            return
    raise ValidationError(
        _("域名“%(value)s”不符合要求：只能使用%(suffixes)s结尾的域名。"),
        code="domain_suffix",
        params={
            "value": display_hostname(ascii_name),
            "suffixes": "、".join(display_hostname(s) for s in suffixes),
        },
    )
