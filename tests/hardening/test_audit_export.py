"""The office exports the audit log for a date range and a site."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.roles import OFFICE_GROUP
from tests.publishing.helpers import build_site, make_document
from tests.two_factor import login_verified

URL = "/admin/security/audit/export/"


class AuditExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a = build_site("exa", "exa.localhost")
        cls.b = build_site("exb", "exb.localhost")
        page_a = make_document(cls.a, slug="a1", title="=甲站文件")
        page_a.get_latest_revision().publish(
            user=cls.a.editor, skip_permission_checks=True
        )
        page_b = make_document(cls.b, slug="b1", title="乙站文件")
        page_b.get_latest_revision().publish(
            user=cls.b.editor, skip_permission_checks=True
        )
        cls.office = get_user_model().objects.create_user("office1", password="x")
        # The registry created the office group when it opened the sites.
        office = Group.objects.get(name=OFFICE_GROUP)
        office.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.office.groups.add(office)
        cls.today = timezone.localdate()

    def _get(self, **params):
        login_verified(self.client, self.office)
        query = {"start": self.today, "end": self.today, "format": "csv", **params}
        return self.client.get(URL, query)

    def _csv(self, response):
        text = response.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    def test_csv_for_one_site(self):
        response = self._get(site=self.a.site.pk)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = self._csv(response)
        self.assertEqual(
            rows[0][:6], ["时间", "用户", "操作", "对象类型", "对象", "站点"]
        )
        # Opening the site published its home page and catalog (no user) too.
        published = [(r[1], r[4], r[5]) for r in rows[1:] if r[2] == "发布" and r[1]]
        # Formula-like titles are defused for spreadsheets.
        self.assertEqual(
            published, [("exa-editor", "'=甲站文件", self.a.site.site_name)]
        )
        self.assertEqual(
            {r[5] for r in rows[1:] if r[2] == "发布"}, {self.a.site.site_name}
        )
        self.assertFalse(any("乙站文件" in r[4] for r in rows))
        # Account records belong to no site and are left out of a site export.
        self.assertFalse(any(r[2] == "用户组变更" for r in rows))

    def test_excel_for_all_sites_includes_account_records(self):
        response = self._get(format="xlsx")
        workbook = load_workbook(io.BytesIO(response.content))
        rows = list(workbook.active.iter_rows(values_only=True))
        actions = {row[2] for row in rows[1:]}
        self.assertIn("发布", actions)
        self.assertIn("用户组变更", actions)
        # Each document's publication is attributed to its own site.
        self.assertEqual(
            {row[4]: row[5] for row in rows[1:] if row[2] == "发布" and row[1]},
            {
                "'=甲站文件": self.a.site.site_name,
                "乙站文件": self.b.site.site_name,
            },
        )

    def test_date_range_filters_and_validates(self):
        tomorrow = self.today + datetime.timedelta(days=1)
        rows = self._csv(self._get(start=tomorrow, end=tomorrow))
        self.assertEqual(len(rows), 1)
        response = self._get(
            start=self.today, end=self.today - datetime.timedelta(days=1)
        )
        self.assertContains(response, "结束日期不能早于开始日期")

    def test_only_the_office(self):
        login_verified(self.client, self.a.first_reviewer)
        response = self.client.get(URL)
        self.assertRedirects(response, reverse("wagtailadmin_home"))
