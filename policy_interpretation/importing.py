"""政策解读 of a migration package → PolicyInterpretationPage (#19).

``interprets`` names the documents an interpretation explains, each by the
``source_id`` the documents of the package carried (the site's own documents
first, then the cluster's), by its 发文字号, or by a URL (an old address of a
migrated record or a platform address, through the ``resolve_url`` the run
passes). A source that names no document, or several, is a problem on
``interprets``: an error under ``strict``, otherwise a warning and the
interpretation is imported without that link (an editor adds it later; the
三同步 check reports documents still missing theirs). Documents are imported
before interpretations (``site_migration.choices.RecordKind``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from content.importing.base import PageImporter
from content.importing.records import RecordReader
from core.importfiles import LineError, choice_field
from disclosure_pages.docnumbers import parse_document_number
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from policy_interpretation.choices import InterpretationForm
from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage
from site_registry.selectors import own_pages

MAX_SOURCES = 20


class InterpretationImporter(PageImporter):
    kind = "interpretations"
    model = PolicyInterpretationPage
    column_models = (DisclosureColumnPage,)
    index_related = ("image",)
    child_relations = ("source_links",)
    known_keys = {
        "form", "interpreter", "summary", "body", "body_html", "body_text",
        "image", "image_alt", "video_url", "interprets",
    }  # fmt: skip

    def read(self, reader: RecordReader) -> dict:
        try:
            form = choice_field(
                reader.data, "form", InterpretationForm, default=InterpretationForm.TEXT
            )
        except LineError as error:
            reader.lenient(
                "form", _("%(reason)s 已按文字解读导入。") % {"reason": error}
            )
            form = InterpretationForm.TEXT
        video_url = reader.text("video_url", limit=200)
        if video_url and not video_url.startswith(("http://", "https://")):
            reader.error("video_url", _("视频地址应以 http:// 或 https:// 开头。"))
        image = reader.file_path("image")
        if form == InterpretationForm.GRAPHIC and not image:
            reader.error("image", _("图解形式的解读需要图解图片（image）。"))
        if form == InterpretationForm.VIDEO and not video_url:
            reader.error("video_url", _("视频解读需要填写视频地址（video_url）。"))
        return {
            "form": form,
            "interpreter": reader.text("interpreter", limit=128),
            "summary": reader.text("summary", limit=500, multiline=True),
            "body": reader.body_html(),
            "video_url": video_url,
            "_image": image,
            "_documents": self._documents(reader),
        }

    def attach(self, page, values: dict, reader: RecordReader) -> None:
        if values["_image"]:
            page.image = self.store_image(
                reader, "image", values["_image"], title=page.title
            )
        known = {link.document_id for link in page.source_links.all()}
        for document in values["_documents"]:
            if document.pk not in known:
                page.source_links.add(InterpretationSource(document=document))

    # --- interprets -------------------------------------------------------------

    def _documents(self, reader: RecordReader) -> list[DisclosureDocumentPage]:
        raw = reader.data.get("interprets") or []
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            reader.error("interprets", _("interprets 应为列表。"))
            return []
        found: list[DisclosureDocumentPage] = []
        for item in raw[:MAX_SOURCES]:
            try:
                document = self._document(item)
            except LineError as error:
                reader.lenient("interprets", str(error))
                continue
            if document.pk not in {d.pk for d in found}:
                found.append(document)
        if len(raw) > MAX_SOURCES:
            reader.error(
                "interprets",
                _("解读的文件不能超过 %(most)d 个。") % {"most": MAX_SOURCES},
            )
        return found

    def _document(self, item) -> DisclosureDocumentPage:
        """The document ``item`` names; LineError (Chinese) otherwise."""
        if isinstance(item, str):
            value = item.strip()
            if value.startswith(("http://", "https://", "/")):
                item = {"url": value}
            elif _is_document_number(value):
                item = {"document_number": value}
            else:
                item = {"source_id": value}
        if not isinstance(item, dict) or len(item) != 1:
            raise LineError(
                _("每个解读对象应写 source_id、document_number 或 url 之一。")
            )
        ((key, value),) = item.items()
        if not isinstance(value, str) or not value.strip() or len(value) > 500:
            raise LineError(_("解读对象 %(key)s 的值应为文本。") % {"key": key})
        value = value.strip()
        if key == "url":
            page = self.resolve_url(value)
            page = page.specific if page is not None else None
            if not isinstance(page, DisclosureDocumentPage):
                raise LineError(
                    _("网址“%(url)s”不是已导入或平台上的公开文件。") % {"url": value}
                )
            return page
        if key == "source_id":
            documents = DisclosureDocumentPage.objects.filter(source_id=value)
        elif key == "document_number":
            try:
                number = parse_document_number(value).text
            except ValidationError as error:
                raise LineError(
                    _("发文字号“%(value)s”不正确：%(reason)s")
                    % {"value": value, "reason": " ".join(error.messages)}
                ) from error
            documents = DisclosureDocumentPage.objects.filter(document_number=number)
        else:
            raise LineError(
                _("每个解读对象应写 source_id、document_number 或 url 之一。")
            )
        return self._one_of(documents, key=key, value=value)

    def _one_of(self, documents, *, key: str, value: str) -> DisclosureDocumentPage:
        # The site's own documents first: another site's copy of the same number
        # is not meant when the site itself has it.
        for scope in (own_pages(documents, self.section_root), documents):
            candidates = list(scope.order_by("path")[:6])
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                raise LineError(
                    _("%(key)s“%(value)s”对应多份文件，无法确定：%(candidates)s。")
                    % {
                        "key": key,
                        "value": value,
                        "candidates": "；".join(
                            f"{d.title}（{d.url_path}）" for d in candidates
                        ),
                    }
                )
        raise LineError(
            _("未找到 %(key)s 为“%(value)s”的公开文件。") % {"key": key, "value": value}
        )


def _is_document_number(value: str) -> bool:
    try:
        parse_document_number(value)
    except ValidationError:
        return False
    return True
