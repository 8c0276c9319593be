"""专题 of a migration package → TopicPage (docs/import-format.md)."""

from __future__ import annotations

from content.importing.base import PageImporter
from content.importing.records import RecordReader, read_image, stream_json
from content.models import TopicIndexPage, TopicPage


class TopicImporter(PageImporter):
    kind = "topics"
    model = TopicPage
    column_models = (TopicIndexPage,)
    dated = False
    index_related = ("banner",)
    known_keys = {"summary", "banner", "banner_alt", "body", "body_html", "body_text"}

    def read(self, reader: RecordReader) -> dict:
        title = reader.text("title", limit=255)
        image, alt = read_image(reader, key="banner", alt_key="banner_alt", title=title)
        return {
            "summary": reader.text("summary", limit=300, multiline=True),
            "body": stream_json(reader.body_html(required=False)),
            "banner_alt": alt,
            "_image": image,
        }

    def attach(self, page, values: dict, reader: RecordReader) -> None:
        if values["_image"]:
            page.banner = self.store_image(
                reader, "banner", values["_image"], title=page.title
            )
