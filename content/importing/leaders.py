"""领导信息 of a migration package → LeaderPage (docs/import-format.md).

Leaders are listed in tree order (rank), so new ones are added in the order of
the package; a re-run updates them where they are.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from content.importing.base import PageImporter
from content.importing.records import RecordReader
from content.models import LeaderIndexPage, LeaderPage
from core.import_text import sanitise_html, text_to_html


class LeaderImporter(PageImporter):
    kind = "leaders"
    model = LeaderPage
    column_models = (LeaderIndexPage,)
    dated = False
    index_related = ("photo",)
    known_keys = {"position", "photo", "biography", "portfolio"}

    def read(self, reader: RecordReader) -> dict:
        values = {
            "position": reader.text("position", limit=100, required=True),
            "_image": reader.file_path("photo"),
        }
        for key in ("biography", "portfolio"):
            text = reader.text(key, limit=50_000, multiline=True)
            values[key] = (
                sanitise_html(text) if text.startswith("<") else text_to_html(text)
            )
            if not values[key] and not reader.errors_on(key):
                reader.error(key, _("缺少必填字段 %(key)s。") % {"key": key})
        return values

    def attach(self, page, values: dict, reader: RecordReader) -> None:
        if values["_image"]:
            # The photo's alt text is the leader's name (see the template).
            page.photo = self.store_image(
                reader, "photo", values["_image"], title=page.title
            )
