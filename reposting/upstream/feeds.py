"""Parse RSS 2.0, Atom and JSON feeds into import records of the library.

Each entry becomes a dict in the JSON Lines import format
(docs/import-format.md), so the disclosure importer's checks apply; an entry
that cannot be read becomes a FeedEntryError with the reason in Chinese.
"""

from __future__ import annotations

import datetime
import email.utils
import json
from dataclasses import dataclass

from defusedxml import ElementTree
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure_pages.docnumbers import NUMBER_IN_TEXT_RE
from disclosure_pages.importing.records import KNOWN_KEYS

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


class FeedError(Exception):
    """The whole feed is unreadable."""


@dataclass
class FeedEntryError:
    position: int
    title: str
    link: str
    reason: str


def parse_feed(body: bytes, content_type: str = "") -> list[dict | FeedEntryError]:
    text_start = body.lstrip()[:1]
    if "json" in content_type or text_start in (b"{", b"["):
        return _parse_json(body)
    return _parse_xml(body)


def _parse_json(body: bytes) -> list[dict | FeedEntryError]:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(
            _("JSON 内容无法解析：%(reason)s") % {"reason": error}
        ) from error
    items = data.get("items", data.get("documents")) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise FeedError(_("JSON 内容应为文件列表，或含 items 列表的对象。"))
    entries: list[dict | FeedEntryError] = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            entries.append(FeedEntryError(position, "", "", _("条目不是 JSON 对象。")))
            continue
        record = {k: v for k, v in item.items() if k in KNOWN_KEYS}
        link = item.get("url") or item.get("link") or item.get("source_url") or ""
        if link and "source_url" not in record:
            record["source_url"] = link
        entries.append(_finish(record, position))
    return entries


def _parse_xml(body: bytes) -> list[dict | FeedEntryError]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise FeedError(
            _("XML 内容无法解析：%(reason)s") % {"reason": error}
        ) from error
    except Exception as error:  # defusedxml refuses entity tricks
        raise FeedError(
            _("XML 内容不安全，已拒绝：%(reason)s") % {"reason": error}
        ) from error
    if root.tag == f"{ATOM}feed":
        items = [_atom_entry(e) for e in root.findall(f"{ATOM}entry")]
    elif root.tag == "rss":
        items = [_rss_item(e) for e in root.iter("item")]
    else:
        raise FeedError(_("不是 RSS 或 Atom 格式。"))
    return [_finish(record, n) for n, record in enumerate(items, start=1)]


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _rss_item(item) -> dict:
    return {
        "title": _text(item, "title"),
        "source_url": _text(item, "link") or _text(item, "guid"),
        "body": _text(item, "description"),
        "published_at": _rfc822(_text(item, "pubDate")),
        "organization": _text(item, f"{DC}creator") or _text(item, "author"),
        "document_number": _text(item, "documentNumber"),
    }


def _atom_entry(entry) -> dict:
    link = ""
    for element in entry.findall(f"{ATOM}link"):
        if element.get("rel", "alternate") == "alternate":
            link = element.get("href", "")
            break
    author = entry.find(f"{ATOM}author")
    return {
        "title": _text(entry, f"{ATOM}title"),
        "source_url": link or _text(entry, f"{ATOM}id"),
        "body": _text(entry, f"{ATOM}content") or _text(entry, f"{ATOM}summary"),
        "published_at": _iso(
            _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")
        ),
        "organization": _text(author, f"{ATOM}name") if author is not None else "",
    }


def _rfc822(value: str) -> str:
    if not value:
        return ""
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return value  # left for the record check to report
    return _local(moment)


def _iso(value: str) -> str:
    if not value:
        return ""
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return _local(moment)


def _local(moment: datetime.datetime) -> str:
    if timezone.is_naive(moment):
        return moment.strftime("%Y-%m-%d %H:%M")
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _finish(record: dict, position: int) -> dict | FeedEntryError:
    record = {k: v for k, v in record.items() if v not in ("", None)}
    title = str(record.get("title", ""))
    link = str(record.get("source_url", ""))
    if not title:
        return FeedEntryError(position, "", link, _("缺少标题。"))
    if (
        not record.get("body")
        and not record.get("body_text")
        and not record.get("body_html")
    ):
        return FeedEntryError(position, title, link, _("缺少正文或摘要。"))
    if not record.get("document_number"):
        # Feeds rarely carry the number in a field of its own: find it in the text.
        found = NUMBER_IN_TEXT_RE.search(title) or NUMBER_IN_TEXT_RE.search(
            str(record.get("body", ""))[:2000]
        )
        if found:
            record["document_number"] = found.group(0)
    if link and "source_id" not in record:
        record["source_id"] = link[-100:]
    return record
