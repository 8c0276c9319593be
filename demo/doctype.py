"""Demo of the official typesetting (#22): the city's first document carries a
版记 (抄送, 印发) and an attachment, so every element of the layout shows."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from demo.statutory_content import _gazette_pdf
from disclosure_pages.models import DisclosureDocumentPage, DocumentAttachment
from hardening.uploads import validate_upload

ATTACHMENT_TITLE = "政务公开工作要点分工方案"


def _attachment_file():
    documents = get_document_model()
    found = documents.objects.filter(title=ATTACHMENT_TITLE).first()
    if found is not None:
        return found
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    upload = ContentFile(_gazette_pdf("Division of tasks"), name="fengong.pdf")
    validate_upload(upload)  # as the upload form checks every document
    document = documents(title=ATTACHMENT_TITLE)
    document.file.save(upload.name, upload, save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def load_demo_document_layout(*, source_id: str = "doc-001") -> None:
    page = DisclosureDocumentPage.objects.filter(source_id=source_id).first()
    if page is None or page.printed_by:
        return
    page.copy_to = "市委各部门，市人大常委会办公室，市政协办公室"
    page.printed_by = page.publisher_display or "示范市人民政府办公室"
    written = page.written_date or page.first_published_at.date()
    page.printed_date = written + datetime.timedelta(days=1)
    if not page.attachments.exists():
        page.attachments.add(
            DocumentAttachment(document=_attachment_file(), title=ATTACHMENT_TITLE)
        )
    page.save_revision().publish()
