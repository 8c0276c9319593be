"""check_page over title, rich text, metadata, links and attachments."""

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model

from core.models import CommonMisspelling, SensitiveWord
from publishing.extraction import extract_bytes
from publishing.services import check_page
from tests.publishing.helpers import (
    VALID_ID,
    build_site,
    docx_with_text,
    make_document,
    pdf_with_text,
)


def _document(title, filename, data):
    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=filename)
    )


class CheckPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("chk", "chk.localhost")

    def _page(self, **kwargs):
        self._count = getattr(self, "_count", 0) + 1
        return make_document(self.site, slug=f"p{self._count}", **kwargs)

    def test_clean_page_passes(self):
        report = check_page(self._page())
        self.assertTrue(report.ok)
        self.assertEqual(report.warnings, [])

    def test_personal_data_in_title_and_body_blocks_with_exact_places(self):
        page = self._page(
            title=f"关于张三（{VALID_ID}）的公示",
            body="<p>第一段。</p><p>联系电话：13812345678。</p>",
        )
        report = check_page(page)
        self.assertFalse(report.ok)
        places = [(i.place, i.code, i.start, i.end) for i in report.blocking]
        self.assertIn(("title", "personal_data", 5, 23), places)
        # Body positions index the plain text: "第一段。\n联系电话：" is 10 chars.
        self.assertIn(("body", "personal_data", 10, 21), places)
        title_issue = next(i for i in report.blocking if i.place == "title")
        self.assertIn("110105********002X", title_issue.message)
        self.assertIn("第 6 字", title_issue.message)
        self.assertTrue(title_issue.maskable)
        for issue in report.blocking:
            self.assertNotIn(VALID_ID, issue.message + issue.excerpt)
            self.assertNotIn("13812345678", issue.message + issue.excerpt)

    def test_sensitive_word_from_the_office_list_blocks(self):
        SensitiveWord.objects.create(word="试点内部名单")
        report = check_page(self._page(body="<p>附：试点内部名单。</p>"))
        [issue] = report.blocking
        self.assertEqual(issue.code, "sensitive_word")
        self.assertFalse(issue.maskable)
        self.assertIn("试点内部名单", issue.message)

    def test_seeded_sensitive_words_and_inactive_words(self):
        self.assertFalse(check_page(self._page(body="<p>内部资料</p>")).ok)
        SensitiveWord.objects.filter(word="内部资料").update(is_active=False)
        self.assertTrue(check_page(self._page(body="<p>内部资料</p>")).ok)

    def test_misspelling_only_warns(self):
        report = check_page(self._page(body="<p>请及时按装。</p>"))
        self.assertTrue(report.ok)
        [warning] = report.warnings
        self.assertEqual(warning.code, "misspelling")
        self.assertIn("应为“安装”", warning.message)
        CommonMisspelling.objects.create(wrong="工做", correct="工作")
        self.assertEqual(len(check_page(self._page(body="<p>工做</p>")).warnings), 1)

    def test_missing_required_metadata_blocks(self):
        page = self._page()
        page.organization = None
        with override_settings(
            PUBLISHING_REQUIRED_FIELDS={
                "disclosure_pages.DisclosureDocumentPage": [
                    "organization",
                    "document_number",
                ]
            }
        ):
            report = check_page(page)
        self.assertEqual(
            sorted(i.message for i in report.blocking),
            ["必填元数据“发布机构”未填写。", "必填元数据“发文字号”未填写。"],
        )
        self.assertTrue(check_page(page).ok)  # nothing required by default

    def test_page_types_declare_required_fields(self):
        page = self._page()
        page.written_date = None
        type(page).publication_required_fields = ("written_date",)
        try:
            [issue] = check_page(page).blocking
        finally:
            del type(page).publication_required_fields
        self.assertEqual(issue.place, "written_date")

    def test_broken_internal_links_warn(self):
        report = check_page(
            self._page(
                body='<p><a linktype="page" id="999999">失效</a>'
                f'<a linktype="page" id="{self.site.catalog.pk}">有效</a></p>'
            )
        )
        self.assertTrue(report.ok)
        [warning] = report.warnings
        self.assertEqual(warning.code, "broken_link")
        self.assertIn("999999", warning.message)

    def test_attachment_text_is_checked(self):
        pdf = _document("名单", "list.pdf", pdf_with_text(f"ID {VALID_ID} end"))
        word = _document("通讯录", "contacts.docx", docx_with_text("电话 13912345678"))
        legacy = _document("旧文件", "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        body = "".join(
            f'<p><a linktype="document" id="{d.pk}">{d.title}</a></p>'
            for d in (pdf, word, legacy)
        )
        report = check_page(self._page(body=body))
        blocking = {(i.place, i.code, i.maskable) for i in report.blocking}
        self.assertEqual(
            blocking,
            {
                (f"attachment:{pdf.pk}", "personal_data", False),
                (f"attachment:{word.pk}", "personal_data", False),
            },
        )
        self.assertIn("附件《名单》", report.blocking[0].message)
        [warning] = report.warnings
        self.assertEqual(warning.code, "attachment_unchecked")
        self.assertIn("旧文件", warning.message)


def test_extract_bytes_formats():
    assert VALID_ID in extract_bytes(pdf_with_text(f"x {VALID_ID}"), "pdf")
    assert "电话" in extract_bytes(docx_with_text("电话"), "docx")
    assert extract_bytes("公开".encode("gb18030"), "txt") == "公开"
    assert extract_bytes(b"\xd0\xcf\x11\xe0", "doc") is None
