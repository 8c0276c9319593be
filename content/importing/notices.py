"""通知公告 of a migration package → NoticePage (docs/import-format.md).

Attachments become document links at the end of the body, as editors add them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from content.importing.base import PageImporter
from content.importing.records import RecordReader, stream_json
from content.models import NoticeIndexPage, NoticePage

MAX_ATTACHMENTS = 50


class NoticeImporter(PageImporter):
    kind = "notices"
    model = NoticePage
    column_models = (NoticeIndexPage,)
    child_relations = ("tagged_items",)
    known_keys = {
        "issuer", "summary", "body", "body_html", "body_text", "attachments", "tags",
    }  # fmt: skip

    def read(self, reader: RecordReader) -> dict:
        issuer = reader.text("issuer", limit=100)
        if not issuer:
            issuer = self.section_root.title[:100]
            reader.lenient(
                "issuer",
                _("缺少发布单位（issuer），已使用网站名称“%(name)s”。")
                % {"name": issuer},
            )
        html = reader.body_html()
        return {
            "issuer": issuer,
            "summary": reader.text("summary", limit=300, multiline=True),
            "_html": html,
            "body": stream_json(html),
            "_attachments": _attachments(reader),
            "_tags": reader.string_list("tags", limit=100),
        }

    def attach(self, page, values: dict, reader: RecordReader) -> None:
        links = []
        for path, title in values["_attachments"]:
            document = self.store_document(reader, "attachments", path, title=title)
            if document is not None:
                links.append(
                    {
                        "type": "document",
                        "value": {"document": document.pk, "title": title[:200]},
                    }
                )
        page.body = stream_json(values["_html"], *links)
        page.tags.set(values["_tags"])


def _attachments(reader: RecordReader) -> list[tuple[str, str]]:
    """(package path, title) of each attachment: a path or {path, title}."""
    raw = reader.data.get("attachments") or []
    if not isinstance(raw, list):
        reader.error("attachments", _("attachments 应为列表。"))
        return []
    found = []
    for number, item in enumerate(raw[:MAX_ATTACHMENTS], start=1):
        if isinstance(item, str):
            item = {"path": item}
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            reader.error(
                "attachments",
                _("第 %(n)d 个附件应为路径，或含 path 与 title 的对象。")
                % {"n": number},
            )
            continue
        sub = RecordReader(item, strict=reader.strict)
        path = sub.file_path("path")
        title = sub.text("title", limit=200)
        for _field, message, warning in sub.problems:
            (reader.lenient if warning else reader.error)("attachments", message)
        if path:
            found.append((path, title))
    if len(raw) > MAX_ATTACHMENTS:
        reader.error(
            "attachments",
            _("附件不能超过 %(most)d 个。") % {"most": MAX_ATTACHMENTS},
        )
    return found
