"""政府公报: issues posted through the admin form, their numbers, their PDF,
the public issue page, the column by year and the "刊登于" line on documents."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import rich_text

from gazette.models import GazetteEntry, GazetteIssuePage
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.publishing.helpers import docx_with_text, pdf_with_text
from tests.two_factor import login_verified

HOST = {"HTTP_HOST": "city.localhost"}
YEAR = timezone.localdate().year


def stored_document(title: str, name: str, content: bytes):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name)
    )


def make_issue(column, number, *, year=YEAR, pdf=None, live=True, entries=()):
    issue = GazetteIssuePage(
        title=f"示范市人民政府公报{year}年第{number}期",
        slug=f"{year}-{number}",
        gazette_name="示范市人民政府公报",
        year=year,
        number=number,
        issue_date=datetime.date(year, 1, 10),
        pdf=pdf,
        live=False,
    )
    issue.entries = list(entries)
    column.add_child(instance=issue)
    if live:
        issue.save_revision().publish()
    return issue


class GazetteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "office", "o@example.invalid", "pw"
        )
        cls.site, home = make_site("city", hostname="city.localhost")
        _s, other_home = make_site("county", hostname="county.localhost")
        _c, cls.docs, cls.zfgb = make_catalog(
            home, ("zcwj", "policy"), ("zfgb", "gazette")
        )
        _c, cls.other_zfgb = make_catalog(other_home, ("zfgb", "gazette"))
        organization = make_organization("示范市人民政府办公室")
        cls.decision = make_document(
            cls.docs, organization=organization, slug="decision", title="关于表彰的决定"
        )
        cls.notice = make_document(
            cls.docs,
            organization=organization,
            slug="notice",
            title="关于印发方案的通知",
        )
        cls.pdf = stored_document("公报第1期", "gb-1.pdf", pdf_with_text("Gazette 1"))

    def setUp(self):
        self.client.defaults.update(HOST)
        login_verified(self.client, self.user)

    def _add_url(self, column=None):
        return reverse(
            "wagtailadmin_pages:add",
            args=("gazette", "gazetteissuepage", (column or self.zfgb).pk),
        )

    def _fields(self, **overrides):
        fields = {
            "title": f"示范市人民政府公报{YEAR}年第3期",
            "slug": "",
            "gazette_name": "示范市人民政府公报",
            "year": str(YEAR),
            "number": "3",
            "issue_date": f"{YEAR}-01-15",
            "pdf": str(self.pdf.pk),
            "intro": rich_text("<p>本期刊登市政府文件两件。</p>"),
            "entries-TOTAL_FORMS": "3",
            "entries-INITIAL_FORMS": "0",
            "entries-0-section": "市政府文件",
            "entries-0-document": str(self.decision.pk),
            "entries-0-title": "",
            "entries-0-page_number": "2",
            "entries-0-ORDER": "1",
            "entries-0-id": "",
            "entries-1-section": "",
            "entries-1-document": str(self.notice.pk),
            "entries-1-title": "",
            "entries-1-page_number": "5",
            "entries-1-ORDER": "2",
            "entries-1-id": "",
            "entries-2-section": "人事任免",
            "entries-2-document": "",
            "entries-2-title": "市人民政府关于张三等同志职务任免的通知",
            "entries-2-page_number": "9",
            "entries-2-ORDER": "3",
            "entries-2-id": "",
        }
        fields.update(overrides)
        return fields

    def _post(self, url, **overrides):
        return self.client.post(url, browser_form_data(self.client, url, **overrides))

    def test_create_draft_publish_and_resave_unchanged(self):
        response = self._post(self._add_url(), **self._fields())
        assert response.status_code == 302, page_errors(response.content.decode())
        issue = GazetteIssuePage.objects.get(year=YEAR, number=3)
        assert not issue.live and issue.slug == f"{YEAR}-3"
        assert issue.issue_label == f"{YEAR}年第3期"

        edit = reverse("wagtailadmin_pages:edit", args=(issue.pk,))
        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        issue.refresh_from_db()
        assert issue.live
        sections = issue.table_of_contents()
        assert [
            (heading, [e.display_title for e in entries])
            for heading, entries in sections
        ] == [
            ("市政府文件", ["关于表彰的决定", "关于印发方案的通知"]),
            ("人事任免", ["市人民政府关于张三等同志职务任免的通知"]),
        ]
        # Re-saving the issue unchanged keeps its number: it does not clash
        # with itself.
        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        assert GazetteEntry.objects.filter(issue=issue).count() == 3

    def test_duplicate_number_in_the_same_site_and_year_is_refused(self):
        make_issue(self.zfgb, 3, pdf=self.pdf)
        response = self._post(self._add_url(), **self._fields(title="重复的一期"))
        assert response.status_code == 200
        errors = " ".join(page_errors(response.content.decode()))
        assert f"本网站已有{YEAR}年第3期公报，期号不能重复。" in errors, errors
        assert GazetteIssuePage.objects.count() == 1
        assert not GazetteEntry.objects.exists()
        # The same number of another year, or on another site, is fine.
        response = self._post(
            self._add_url(), **self._fields(year=str(YEAR - 1), slug="last-year")
        )
        assert response.status_code == 302, page_errors(response.content.decode())
        response = self._post(
            self._add_url(self.other_zfgb),
            **{**self._fields(), "entries-TOTAL_FORMS": "0"},
        )
        assert response.status_code == 302, page_errors(response.content.decode())

    def test_changing_a_number_to_a_taken_one_is_refused(self):
        make_issue(self.zfgb, 1, pdf=self.pdf)
        second = make_issue(self.zfgb, 2, pdf=self.pdf)
        edit = reverse("wagtailadmin_pages:edit", args=(second.pk,))
        response = self._post(edit, number="1", **{"action-publish": "publish"})
        assert response.status_code == 200
        assert "期号不能重复" in response.content.decode()
        second.refresh_from_db()
        assert second.number == 2

    def test_the_issue_file_must_be_a_pdf(self):
        word = stored_document("公报", "gb.docx", docx_with_text("Gazette"))
        # Named .pdf, but not a PDF inside (stored by a path other than the
        # upload form, which checks content).
        fake = stored_document("假公报", "fake.pdf", b"<html>not a pdf</html>")
        for document in (word, fake):
            response = self._post(self._add_url(), **self._fields(pdf=str(document.pk)))
            assert response.status_code == 200
            errors = " ".join(page_errors(response.content.decode()))
            assert "不是有效的 PDF 文件" in errors, errors
        assert not GazetteIssuePage.objects.exists()
        assert not GazetteEntry.objects.exists()

    def test_an_entry_needs_a_document_or_a_title(self):
        response = self._post(
            self._add_url(), **self._fields(**{"entries-2-title": "  "})
        )
        assert response.status_code == 200
        assert "请选择目录条目对应的文件，或填写条目标题。" in response.content.decode()
        assert not GazetteIssuePage.objects.exists()

    def test_year_out_of_range_is_refused(self):
        response = self._post(self._add_url(), **self._fields(year=str(YEAR + 5)))
        assert response.status_code == 200
        assert "年份应在 1949 年至" in response.content.decode()
        assert not GazetteIssuePage.objects.exists()

    def test_public_issue_page_and_the_printed_in_line(self):
        withdrawn = make_document(
            self.docs,
            organization=self.decision.organization,
            slug="gone",
            title="已撤下的文件",
        )
        make_issue(
            self.zfgb,
            3,
            pdf=self.pdf,
            entries=[
                GazetteEntry(
                    section="市政府文件", document=self.decision, page_number=2
                ),
                GazetteEntry(document=withdrawn),
                GazetteEntry(section="人事任免", title="关于职务任免的通知"),
            ],
        )
        withdrawn.unpublish()
        self.client.logout()
        response = self.client.get(f"/xxgk/zfgb/{YEAR}-3/")
        html = response.content.decode()
        assert response.status_code == 200
        assert f"{YEAR}年第3期" in html
        assert f'href="{self.pdf.url}"' in html
        assert "<h3>市政府文件</h3>" in html and "<h3>人事任免</h3>" in html
        assert 'href="/xxgk/zcwj/decision/"' in html and "第2页" in html
        # A withdrawn document stays in the contents, without its link.
        assert "已撤下的文件" in html and "/xxgk/zcwj/gone/" not in html
        assert "关于职务任免的通知" in html
        assert '<meta name="ArticleTitle"' in html

        html = self.client.get("/xxgk/zcwj/decision/").content.decode()
        assert (
            "刊登于《示范市人民政府公报》"
            f'<a href="/xxgk/zfgb/{YEAR}-3/">{YEAR}年第3期</a>' in html
        )
        html = self.client.get("/xxgk/zcwj/notice/").content.decode()
        assert "刊登于" not in html

    def test_column_lists_issues_by_year(self):
        make_issue(self.zfgb, 1, year=YEAR - 1, pdf=self.pdf)
        make_issue(self.zfgb, 1, pdf=self.pdf)
        make_issue(self.zfgb, 2, pdf=self.pdf)
        make_issue(self.zfgb, 3, pdf=self.pdf, live=False)
        self.client.logout()
        html = self.client.get("/xxgk/zfgb/").content.decode()
        assert html.index(f'<h2 id="gazette-{YEAR}">') < html.index(
            f'<h2 id="gazette-{YEAR - 1}">'
        )
        assert html.index(f"{YEAR}年第2期") < html.index(f"{YEAR}年第1期")
        assert f"{YEAR}年第3期" not in html
        assert '<meta name="ColumnType" content="政府公报">' in html

    def test_only_in_a_gazette_column(self):
        assert GazetteIssuePage.can_exist_under(self.zfgb)
        assert not GazetteIssuePage.can_exist_under(self.docs)
