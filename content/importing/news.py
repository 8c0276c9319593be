"""新闻动态 of a migration package → ArticlePage (docs/import-format.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from content.importing.base import PageImporter
from content.importing.records import RecordReader, read_image, stream_json
from content.models import ArticleIndexPage, ArticlePage


class NewsImporter(PageImporter):
    kind = "news"
    model = ArticlePage
    column_models = (ArticleIndexPage,)
    index_related = ("lead_image",)
    child_relations = ("tagged_items",)
    known_keys = {
        "source", "author", "summary", "body", "body_html", "body_text",
        "lead_image", "lead_image_alt", "tags",
    }  # fmt: skip

    def read(self, reader: RecordReader) -> dict:
        title = reader.text("title", limit=255)
        source = reader.text("source", limit=100)
        if not source:
            # Old systems often left it empty: the site itself published it.
            source = self.section_root.title[:100]
            reader.lenient(
                "source",
                _("缺少来源（source），已使用网站名称“%(name)s”。") % {"name": source},
            )
        image, alt = read_image(
            reader, key="lead_image", alt_key="lead_image_alt", title=title
        )
        return {
            "source": source,
            "author": reader.text("author", limit=100),
            "summary": reader.text("summary", limit=300, multiline=True),
            "body": stream_json(reader.body_html()),
            "lead_image_alt": alt,
            "_image": image,
            "_tags": reader.string_list("tags", limit=100),
        }

    def attach(self, page, values: dict, reader: RecordReader) -> None:
        if values["_image"]:
            page.lead_image = self.store_image(
                reader, "lead_image", values["_image"], title=page.title
            )
        page.tags.set(values["_tags"])
