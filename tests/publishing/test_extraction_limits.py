"""Decompression bombs are refused quickly: at upload, in the publish check (#14.6)."""

import io
import resource
import time
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from publishing.extraction import ExtractionRefused, extract_bytes
from publishing.services import check_page
from tests.publishing.helpers import PASSWORD, build_site, docx_with_text, make_document
from tests.publishing.test_gate import _edit_data
from tests.two_factor import login_verified

PARAGRAPH = b"<w:p><w:r><w:t>aaaaaaaaaaaaaaaa</w:t></w:r></w:p>"


def docx_bomb(uncompressed_mb: int = 200) -> bytes:
    """A real .docx whose document.xml inflates to ``uncompressed_mb`` MB."""
    source = zipfile.ZipFile(io.BytesIO(docx_with_text("x")))
    original = source.read("word/document.xml")
    head, tail = original.split(b"<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item))
        chunk = PARAGRAPH * (1024 * 1024 // len(PARAGRAPH))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head + b"<w:body>")
            for _ in range(uncompressed_mb):
                member.write(chunk)
            member.write(tail)
    return out.getvalue()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DocxBombTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("bomb", "bomb.localhost")
        cls.admin = get_user_model().objects.create_superuser(
            "bomb-admin", "b@example.invalid", PASSWORD
        )
        cls.bomb = docx_bomb()

    def test_bomb_is_small_but_huge_inside(self):
        self.assertLess(len(self.bomb), 1024 * 1024)

    def test_admin_upload_refuses_the_bomb_quickly(self):
        login_verified(self.client, self.admin)
        started = time.monotonic()
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "炸弹",
                "file": SimpleUploadedFile("方案.docx", self.bomb, "application/zip"),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "疑似压缩炸弹")
        self.assertFalse(get_document_model().objects.filter(title="炸弹").exists())

    def test_publish_check_refuses_a_stored_bomb_within_seconds(self):
        # Stored before upload checks existed (or imported): the check must cope.
        bomb = get_document_model().objects.create(
            title="旧方案", file=ContentFile(self.bomb, name="plan.docx")
        )
        link = f'<p><a linktype="document" id="{bomb.pk}">旧方案</a></p>'
        page = make_document(self.site, slug="bomb-1", body="<p>草稿。</p>")
        login_verified(self.client, self.admin)
        rss_before = _peak_rss_mb()
        started = time.monotonic()
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            _edit_data(self.site, page, link, "action-publish"),
        )
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 5)
        self.assertLess(_peak_rss_mb() - rss_before, 100)
        report = reverse("publishing:check", args=[page.pk]) + "?next=publish"
        self.assertRedirects(response, report)
        page.refresh_from_db()
        self.assertFalse(page.live)
        response = self.client.get(report)
        self.assertContains(response, "附件《旧方案》疑似压缩炸弹")

    def test_check_page_reports_the_bomb_as_blocking(self):
        bomb = get_document_model().objects.create(
            title="旧方案", file=ContentFile(self.bomb, name="plan.docx")
        )
        link = f'<p><a linktype="document" id="{bomb.pk}">旧方案</a></p>'
        report = check_page(make_document(self.site, slug="bomb-2", body=link))
        [issue] = report.blocking
        self.assertEqual(issue.code, "attachment_refused")
        self.assertEqual(issue.place, f"attachment:{bomb.pk}")


def test_extract_bytes_refuses_the_bomb():
    started = time.monotonic()
    try:
        extract_bytes(docx_bomb(), "docx")
    except ExtractionRefused:
        pass
    else:
        raise AssertionError("the bomb was extracted")
    assert time.monotonic() - started < 5


def test_ordinary_docx_still_extracts():
    assert "正文内容" in extract_bytes(docx_with_text("正文内容"), "docx")
