"""The admin: editors cannot back-date or renumber; snippets validate codes."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from disclosure_pages.models import DisclosureDocumentPage, Organization
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.two_factor import login_verified


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "boss", "b@example.invalid", "pw"
        )
        cls.site, home = make_site("adm", hostname="adm.localhost")
        cls.catalog, cls.column = make_catalog(home)
        cls.organization = make_organization("示范市教育局")
        cls.document = make_document(
            cls.column, organization=cls.organization, slug="doc"
        )

    def setUp(self):
        login_verified(self.client, self.user)

    def _data(self, **overrides):
        data = {
            "title": "编辑器里的文件",
            "slug": "from-admin",
            "organization": self.organization.pk,
            "index_number": "",
            "document_number": "示教发[2024]1号",
            "validity": "valid",
            "disclosure_mode": "proactive",
            "body": rich_text("正文"),
            "attachments": inline_formset([]),
            "relations": inline_formset([]),
            "action-publish": "publish",
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_publishing_from_the_admin_assigns_the_index_number(self):
        url = reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "disclosuredocumentpage", self.column.pk),
        )
        response = self.client.post(url, self._data())
        assert response.status_code == 302, response.content.decode()[:2000]
        page = DisclosureDocumentPage.objects.get(slug="from-admin")
        assert page.live and page.index_number.startswith(self.organization.org_code)
        assert page.document_number == "示教发〔2024〕1号"

    def test_back_dated_go_live_is_refused(self):
        url = reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "disclosuredocumentpage", self.column.pk),
        )
        past = (timezone.localtime() - datetime.timedelta(days=10)).strftime(
            "%Y-%m-%d %H:%M"
        )
        response = self.client.post(url, self._data(slug="past", go_live_at=past))
        assert response.status_code == 200
        assert "不能倒填" in response.content.decode()
        assert not DisclosureDocumentPage.objects.filter(slug="past").exists()

    def test_editor_cannot_change_a_published_index_number(self):
        url = reverse("wagtailadmin_pages:edit", args=(self.document.pk,))
        response = self.client.post(
            url,
            self._data(
                slug="doc", index_number=f"{self.organization.org_code}/2001-00001"
            ),
        )
        assert response.status_code == 200
        assert "不能更改" in response.content.decode()
        self.document.refresh_from_db()
        assert self.document.index_number.endswith(f"{timezone.localdate().year}-00001")

    def test_invalid_document_number_is_shown_to_the_editor(self):
        url = reverse("wagtailadmin_pages:edit", args=(self.document.pk,))
        response = self.client.post(
            url, self._data(slug="doc", document_number="示教发2024年1号")
        )
        assert response.status_code == 200
        assert "发文字号缺少用〔〕括起的年份" in response.content.decode()

    def test_organisation_snippet_rejects_a_wrong_check_digit(self):
        url = reverse("wagtailsnippets_disclosure_pages_organization:add")
        response = self.client.post(url, {"name": "错误机构", "org_code": "000014348"})
        assert response.status_code == 200
        assert "校验位不正确" in response.content.decode()
        assert not Organization.objects.filter(name="错误机构").exists()
