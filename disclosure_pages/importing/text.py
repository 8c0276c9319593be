"""Extract catalog metadata from a document published as plain text.

Handles what migrated texts look like in practice (see demo/seeds/): a
disclosure metadata block under the title with values on the same or the next
line, dates in Chinese numerals (二OO七年五月八日), an issuing organ and date on
one line, an addressee line before the title, and the chrome of the site the
text was copied from.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from core.chinese_dates import DATE_RE, parse_chinese_datetime
from disclosure_pages.docnumbers import NUMBER_IN_TEXT_RE

LABELS = {
    "索引号": "index_number",
    "主题分类": "subject",
    "发文日期": "issued",
    "成文日期": "written",
    "发布日期": "published",
    "发布机构": "organization",
    "发文机关": "organization",
    "文号": "document_number",
    "发文字号": "document_number",
    "公文种类": "genre",
    "体裁分类": "genre",
    "有效性": "validity",
}
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(LABELS) + r")\s*(?:[:：]\s*(?P<value>.*))?$"
)
# Page chrome of third-party sites the text was copied from.
CHROME_RES = [
    re.compile(p)
    for p in (
        r"资料文库",
        r"本站小编",
        r"欢迎.{0,10}(阅读|收藏|转载)",
        r"^(精品推荐|相关推荐|猜你喜欢|热门推荐|返回顶部|打印本页|关闭窗口)$",
        r"^(上一篇|下一篇)[:：]",
        r"范文$",
        r"^(首页|当前位置)\s*[>›»]",
    )
]
ORGAN_RE = re.compile(
    r"^[\u4e00-\u9fa5（）()]{2,40}?"
    r"(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|局|厅|委|"
    r"办事处|政府)$"
)
_DATE_ONLY_RE = re.compile(rf"^{DATE_RE.pattern}$")
_ORGAN_AND_DATE_RE = re.compile(
    r"^(?P<organ>\S{2,40}?)\s+(?P<date>"
    + DATE_RE.pattern.replace("(?P<", "(?P<x")
    + r")$"
)
_ADDRESSEE_RE = re.compile(r"^[^：:。]{2,80}[：:]")
_QUOTED_TITLE_RE = re.compile(r"《(?P<title>[^》]{4,80})》")
_KEYWORDS_RE = re.compile(r"^主题词[:：]\s*(?P<words>.+)$")
_TITLE_YEAR_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年")
HEADER_LINES = 20


@dataclass
class ExtractedText:
    title: str = ""
    document_number: str = ""
    organization: str = ""
    written_date: str = ""
    published_at: str = ""
    subject: str = ""
    keywords: str = ""
    body_text: str = ""

    def as_record(self) -> dict:
        record = {
            "title": self.title,
            "body_text": self.body_text,
            "document_number": self.document_number,
            "organization": self.organization,
            "written_date": self.written_date,
            "published_at": self.published_at,
            "subject": self.subject,
            "keywords": self.keywords,
        }
        return {key: value for key, value in record.items() if value}


def _clean_line(line: str) -> str:
    return line.replace("\u3000", " ").replace("\ufeff", "").strip()


def _is_chrome(line: str) -> bool:
    return any(pattern.search(line) for pattern in CHROME_RES)


def _iso_date(text: str) -> str:
    parsed = parse_chinese_datetime(text)
    return parsed[0].date().isoformat() if parsed else ""


def _iso_datetime(text: str) -> str:
    parsed = parse_chinese_datetime(text)
    if not parsed:
        return ""
    moment, has_time = parsed
    return moment.isoformat(sep=" ") if has_time else moment.date().isoformat()


def _read_metadata_block(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """Labels with values on the same or the next non-blank line; returns the end."""
    meta: dict[str, str] = {}
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    if i >= len(lines) or not _LABEL_RE.match(lines[i]):
        return meta, start
    while i < len(lines):
        match = _LABEL_RE.match(lines[i])
        if not match:
            break
        key = LABELS[match["label"]]
        value = (match["value"] or "").strip()
        i += 1
        if not value:
            j = i
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and not _LABEL_RE.match(lines[j]):
                value, i = lines[j], j + 1
        meta.setdefault(key, value)
    return meta, i


def extract_text(text: str) -> ExtractedText:
    lines = [_clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if not _is_chrome(line)]
    result = ExtractedText()

    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return result
    body_start = first + 1
    title_line = lines[first]
    if _ADDRESSEE_RE.match(title_line):
        # The text starts with the addressees (主送机关): the title is the quoted
        # name of the document it issues, and nothing is cut from the body.
        quoted = _QUOTED_TITLE_RE.search(title_line)
        result.title = quoted["title"] if quoted else ""
        body_start = first
    else:
        result.title = title_line
    meta, after_meta = _read_metadata_block(lines, first + 1)
    if meta:
        body_start = after_meta

    header = [line for line in lines[first : first + 1 + HEADER_LINES * 2] if line][
        : HEADER_LINES + len(meta) * 2
    ]

    # Document number: from the block, or a line holding only a number.
    for candidate in [meta.get("document_number", "")] + header:
        if candidate and NUMBER_IN_TEXT_RE.fullmatch(candidate.replace(" ", "")):
            result.document_number = candidate.replace(" ", "")
            break

    # Dates: the block's, or a date standing alone (possibly after the organ).
    organ_from_date_line = ""
    standalone_date = ""
    previous = ""
    for line in header:
        if _DATE_ONLY_RE.match(line):
            standalone_date = _iso_date(line)
            if ORGAN_RE.match(previous):
                organ_from_date_line = previous
            break
        combined = _ORGAN_AND_DATE_RE.match(line)
        if combined and ORGAN_RE.match(combined["organ"]):
            organ_from_date_line = combined["organ"]
            standalone_date = _iso_date(line)
            break
        previous = line
    written = meta.get("written") or ""
    issued = meta.get("issued") or ""
    result.written_date = _iso_date(written) or standalone_date or _iso_date(issued)
    result.published_at = _iso_datetime(meta.get("published", "")) or (
        _iso_datetime(issued) if ":" in issued else ""
    )
    if not result.written_date and not result.published_at:
        # No date anywhere, but the title names the year (2015年全区…工作要点):
        # 1 January of that year stands for it, not the day of the import.
        year = _TITLE_YEAR_RE.search(result.title)
        if year and int(year["year"]) <= datetime.date.today().year:
            result.published_at = f"{year['year']}-01-01"

    # Issuing organisation, from the most to the least explicit source.
    result.organization = meta.get("organization", "") or organ_from_date_line
    if not result.organization and result.document_number:
        position = (
            header.index(result.document_number)
            if result.document_number in header
            else -1
        )
        following = header[position + 1] if 0 <= position < len(header) - 1 else ""
        if ORGAN_RE.match(following):
            result.organization = following
    if not result.organization and "关于" in result.title:
        prefix = result.title.split("关于", 1)[0]
        if ORGAN_RE.match(prefix):
            result.organization = prefix

    result.subject = meta.get("subject", "")
    for line in reversed(lines):
        match = _KEYWORDS_RE.match(line)
        if match:
            words = match["words"].replace("△", " ")
            result.keywords = " ".join(words.split())
            break
    body_lines = lines[body_start:]
    result.body_text = "\n".join(line for line in body_lines if line)
    return result
