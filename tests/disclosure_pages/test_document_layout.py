"""#22: a document page typeset as an official document, with its page tools
(上一篇/下一篇, 相关文件, the share QR code), fetched on the site's own host."""

import datetime
import re
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from core.page_tools import page_tools, qr_svg
from disclosure_pages.models import (
    DisclosureDocumentPage,
    DocumentAttachment,
    SubjectCategory,
)
from tests.admin_forms import browser_form_data
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.two_factor import login_verified

HOST = "doctype.localhost"
OTHER_HOST = "elsewhere.localhost"
STATIC = Path(__file__).resolve().parents[2] / "static"


class DocumentLayoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, home = make_site("doctype", hostname=HOST)
        _catalog, cls.column, cls.other_column = make_catalog(
            home, ("zcwj", "policy"), ("tzgg", "notice")
        )
        cls.organization = make_organization("示范市人民政府办公室")
        cls.subject = SubjectCategory.objects.get(name="政务公开")
        education = SubjectCategory.objects.get(name="教育")

        def doc(slug, **values):
            values.setdefault("subject", cls.subject)
            return make_document(
                cls.column,
                organization=cls.organization,
                slug=slug,
                title=values.pop("title", f"文件{slug}"),
                **values,
            )

        cls.oldest = doc("a")
        cls.restricted = doc("restricted")
        PageViewRestriction.objects.create(
            page=cls.restricted, restriction_type="login"
        )
        cls.middle = doc(
            "b",
            title="关于做好政务公开工作的通知",
            document_number="示政办发〔2020〕7号",
            written_date=datetime.date(2020, 3, 2),
            body="<p>第一段。</p><p>第二段。</p>",
            copy_to="市委办公室，市人大常委会办公室",
            printed_by="示范市人民政府办公室",
            printed_date=datetime.date(2020, 3, 3),
        )
        cls.draft = doc("draft", publish=False)
        cls.newest = doc("c", subject=education)
        # Same subject, another column and another site: related only if on
        # this site.
        cls.elsewhere_in_site = make_document(
            cls.other_column,
            organization=cls.organization,
            slug="same-subject",
            title="同一主题的另一栏目文件",
            subject=cls.subject,
        )
        _site2, home2 = make_site("elsewhere", hostname=OTHER_HOST)
        _c2, column2 = make_catalog(home2)
        make_document(
            column2,
            organization=cls.organization,
            slug="other-site",
            title="其他网站的同主题文件",
            subject=cls.subject,
        )
        documents = get_document_model()
        cls.pdf = documents(title="实施细则")
        cls.pdf.file.save(
            "rules.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2039), save=False
        )
        cls.pdf._set_document_file_metadata()  # as the admin's upload form does
        cls.pdf.save()
        DocumentAttachment.objects.create(
            page=cls.middle, document=cls.pdf, title="实施细则", sort_order=0
        )

    def setUp(self):
        cache.clear()

    @staticmethod
    def _path(page):
        # Several sites exist: Page.url is absolute; the tools link by path.
        return urlsplit(page.url).path

    def _get(self, page):
        response = self.client.get(self._path(page), HTTP_HOST=HOST)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    # --- typesetting ---------------------------------------------------------

    def test_title_centred_with_the_document_number_under_it(self):
        html = self._get(self.middle)
        head = re.search(r'<header class="doc-head">(.*?)</header>', html, re.S)
        assert head, "no typeset head"
        assert re.search(
            r'<h1 class="doc-title">关于做好政务公开工作的通知</h1>\s*'
            r'<p class="doc-number">示政办发〔2020〕7号</p>',
            head.group(1),
        )
        # The metadata table stays above the typeset document.
        assert html.index('class="metadata"') < html.index('class="doc-head"')
        assert '<div class="doc-body gc-text"><p>第一段。</p>' in html

    def test_attachments_block_gives_type_size_and_a_download_link(self):
        html = self._get(self.middle)
        block = re.search(r'<section class="doc-attachments".*?</section>', html, re.S)
        assert block, "no attachments block"
        text = block.group(0)
        assert "附件：" in text
        assert f'<a href="{self.pdf.url}" download>实施细则</a>' in text
        assert "（PDF，2.0" in text and "KB）" in text

    def test_signature_and_imprint_lines(self):
        html = self._get(self.middle)
        assert re.search(
            r'<p class="doc-signature"><span class="doc-signer">示范市人民政府办公室'
            r'</span><time class="doc-date" datetime="2020-03-02">2020年3月2日</time>',
            html,
        )
        assert (
            '<p class="doc-copy-to">抄送：市委办公室，市人大常委会办公室。</p>' in html
        )
        assert "<span>2020年3月3日印发</span>" in html

    def test_no_imprint_without_copy_to_or_printer(self):
        html = self._get(self.oldest)
        assert "doc-imprint" not in html
        assert "doc-number" not in html  # no 文号, no empty line

    def test_print_stylesheet_prints_the_document_without_tools_or_chrome(self):
        html = self._get(self.middle)
        assert "/static/css/document.css" in html
        css = (STATIC / "css" / "document.css").read_text()
        print_rules = css[css.index("@media print") :]
        hidden = [".site-header", ".site-footer", ".main-nav", ".page-tools",
                  ".page-neighbours", ".related-pages", ".breadcrumbs"]  # fmt: skip
        for selector in hidden:
            assert selector in print_rules, selector
        assert ".gc-text p { text-indent: 2em; }" in print_rules
        # On screen too: 2-character indent, 1.75+ line height.
        assert re.search(r"\.gc-text \{[^}]*line-height: 1\.8", css)

    # --- page tools ----------------------------------------------------------

    def test_previous_and_next_are_live_public_siblings_by_date(self):
        html = self._get(self.middle)
        # Newest first as in the column: 上一篇 is the newer one.
        assert f'上一篇：<a href="{self._path(self.newest)}" rel="prev">' in html
        assert f'下一篇：<a href="{self._path(self.oldest)}" rel="next">' in html
        # The restricted and draft siblings and other columns are skipped.
        html = self._get(self.newest)
        assert "上一篇：没有了" in html
        assert f'下一篇：<a href="{self._path(self.middle)}" rel="next">' in html
        html = self._get(self.oldest)
        assert "下一篇：没有了" in html

    def test_related_files_share_the_subject_on_this_site_only(self):
        html = self._get(self.middle)
        related = re.search(r'<section class="related-pages".*?</section>', html, re.S)
        assert related, "no related files"
        titles = re.findall(r'<a href="[^"]+">([^<]+)</a>', related.group(0))
        assert titles == ["同一主题的另一栏目文件", "文件a"]
        assert "其他网站的同主题文件" not in html
        assert "文件restricted" not in related.group(0)

    def test_qr_code_encodes_the_page_own_address(self):
        html = self._get(self.middle)
        own = f"http://{HOST}{self._path(self.middle)}"
        assert f'value="{own}"' in html
        assert qr_svg(own) in html

    def test_qr_code_ignores_a_forged_host_header(self):
        # A host the site does not answer to never reaches the page or its QR.
        response = self.client.get(
            self._path(self.middle), HTTP_HOST="evil.example.com"
        )
        assert response.status_code in (400, 404)
        assert b"qr-code" not in response.content

    def test_tools_on_a_warm_page_cost_no_query(self):
        self._get(self.middle)  # warm every cache
        with CaptureQueriesContext(connection) as with_tools:
            self._get(self.middle)
        with mock.patch("core.templatetags.public_tags.build_tools", return_value=None):
            self._get(self.middle)
            with CaptureQueriesContext(connection) as without_tools:
                self._get(self.middle)
        assert len(with_tools) == len(without_tools)

    def test_tools_are_cached_until_content_changes(self):
        request = RequestFactory().get(self._path(self.middle), HTTP_HOST=HOST)
        page = DisclosureDocumentPage.objects.get(pk=self.middle.pk)
        first = page_tools(page=page, request=request)
        with CaptureQueriesContext(connection) as queries:
            again = page_tools(page=page, request=request)
        assert len(queries) == 0 and again == first
        # Publishing a newer sibling bumps the content version.
        newer = make_document(
            self.column, organization=self.organization, slug="d", title="最新文件"
        )
        request = RequestFactory().get(self._path(self.newest), HTTP_HOST=HOST)
        tools = page_tools(
            page=DisclosureDocumentPage.objects.get(pk=self.newest.pk), request=request
        )
        assert tools.previous.url == self._path(newer)


class DocumentImprintAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "boss", "b@example.invalid", "pw"
        )
        _site, home = make_site("imprint", hostname="imprint.localhost")
        _catalog, column = make_catalog(home)
        cls.document = make_document(
            column,
            organization=make_organization("示范市教育局"),
            slug="doc",
            written_date=datetime.date(2024, 5, 6),
        )

    def setUp(self):
        login_verified(self.client, self.user)

    def _post(self, **values):
        url = reverse("wagtailadmin_pages:edit", args=(self.document.pk,))
        data = browser_form_data(self.client, url, **values)
        data["action-publish"] = "publish"
        return self.client.post(url, data)

    def test_editor_sets_copy_to_and_printer(self):
        response = self._post(
            copy_to="市委办公室、市政协办公室",
            printed_by="示范市教育局办公室",
            printed_date="2024-05-07",
        )
        assert response.status_code == 302, response.content.decode()[:1500]
        self.document.refresh_from_db()
        assert self.document.copy_to == "市委办公室、市政协办公室"
        assert self.document.printed_by == "示范市教育局办公室"
        assert self.document.printed_date == datetime.date(2024, 5, 7)

    def test_printing_before_the_written_date_is_refused(self):
        response = self._post(printed_by="某办公室", printed_date="2024-05-01")
        assert response.status_code == 200
        assert "印发日期不能早于成文日期。" in response.content.decode()
        self.document.refresh_from_db()
        assert self.document.printed_by == ""
