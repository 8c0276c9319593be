"""Dates as Chinese government texts and legacy exports write them:
``2015年4月23日``, ``二OO七年五月八日``, ``2015-04-23 16:23``."""

from __future__ import annotations

import datetime
import re
import unicodedata

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN = "〇○零OＯo一二三四五六七八九十"
DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
ISO_DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:  # 十, 十二, 二十, 二十一, 三十一
        tens, _sep, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (
            _CN_DIGITS[units] if units else 0
        )
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def _build(match: re.Match) -> datetime.datetime:
    year = _cn_number(match["y"])
    month = _cn_number(match["m"])
    day = _cn_number(match["d"])
    hour = int(match["H"] or 0)
    minute = int(match["M"] or 0)
    second = int(match["S"] or 0)
    return datetime.datetime(year, month, day, hour, minute, second)


def parse_chinese_datetime(value: str) -> tuple[datetime.datetime, bool] | None:
    """Parse ``2015年4月23日``, ``二OO七年五月八日``, ``2015-04-23 16:23``.

    Returns (naive datetime, has_time) or None when no date is found.
    """
    value = unicodedata.normalize("NFKC", value.strip()) if value else ""
    match = ISO_DATE_RE.match(value) or DATE_RE.search(value)
    if not match:
        return None
    try:
        return _build(match), match["H"] is not None
    except (ValueError, KeyError):
        return None
