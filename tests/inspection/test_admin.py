"""Auditor and editor views of findings; per-site permissions (#5)."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspection import services as inspection_services
from inspection.choices import FindingStatus
from inspection.models import Finding, InspectionRun
from site_registry import roles
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

HOST = {"HTTP_HOST": "www.city.localhost"}


def _finding(site, message, **values):
    now = timezone.now()
    return Finding.objects.create(
        site=site,
        rule="content",
        key=message,
        indicator=values.pop("indicator", "D7"),
        severity=values.pop("severity", "deduction"),
        message=message,
        target=site.root_page.url_path,
        page_id=site.root_page_id,
        first_seen=now,
        last_seen=now,
        **values,
    )


class InspectionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.city, cls.fgw, cls.jyj = open_city()
        cls.own = _finding(cls.fgw, "发改委的问题")
        cls.other = _finding(cls.jyj, "教育局的问题")
        cls.editor = users.create_user("fgw-ed", password="pw-12345-abcdef")
        cls.editor.groups.add(cls.fgw.editors_group)
        cls.auditor = users.create_user("aud", password="pw-12345-abcdef")
        cls.auditor.groups.add(Group.objects.get(name=roles.AUDITOR_GROUP))
        run = InspectionRun.objects.create(today=timezone.localdate())
        for site in (cls.city, cls.fgw, cls.jyj):
            inspection_services.record_score(run=run, site=site)

    def _get(self, user, url, **extra):
        login_verified(self.client, user)
        return self.client.get(url, **HOST, **extra)

    def test_editor_sees_only_own_sites_findings(self):
        response = self._get(self.editor, reverse("inspection_finding:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "发改委的问题")
        self.assertNotContains(response, "教育局的问题")
        other = reverse("inspection_finding:inspect", args=[self.other.pk])
        self.assertEqual(self.client.get(other, **HOST).status_code, 404)
        own = reverse("inspection_finding:inspect", args=[self.own.pk])
        response = self.client.get(own, **HOST)
        self.assertContains(response, "标记已整改")
        self.assertContains(
            response, reverse("wagtailadmin_pages:edit", args=[self.fgw.root_page_id])
        )

    def test_editor_home_panel_lists_own_open_findings(self):
        response = self._get(self.editor, reverse("wagtailadmin_home"))
        self.assertContains(response, "发改委的问题")
        self.assertNotContains(response, "教育局的问题")

    def test_auditor_sees_every_site_and_filters(self):
        url = reverse("inspection_finding:index")
        response = self._get(self.auditor, url)
        self.assertContains(response, "发改委的问题")
        self.assertContains(response, "教育局的问题")
        response = self.client.get(url, {"site": self.jyj.pk}, **HOST)
        self.assertNotContains(response, "发改委的问题")
        self.assertContains(response, "教育局的问题")

    def test_auditor_assigns_editor_marks_fixed(self):
        edit = reverse("inspection_finding:edit", args=[self.own.pk])
        # Editors cannot assign.
        login_verified(self.client, self.editor)
        response = self.client.post(edit, {"deadline": "2099-01-01"}, **HOST)
        self.assertNotEqual(response.status_code, 200)
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, FindingStatus.OPEN)

        login_verified(self.client, self.auditor)
        past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        response = self.client.post(edit, {"deadline": past, "note": ""}, **HOST)
        self.assertContains(response, "整改期限不能早于今天")
        deadline = timezone.localdate() + datetime.timedelta(days=10)
        self.client.post(
            edit, {"deadline": deadline.isoformat(), "note": "请删除"}, **HOST
        )
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, FindingStatus.ASSIGNED)
        self.assertEqual(self.own.deadline, deadline)
        self.assertEqual(self.own.assigned_by, self.auditor)

        fixed = reverse("inspection_finding:fixed", args=[self.own.pk])
        login_verified(self.client, self.editor)
        response = self.client.post(fixed, {"note": ""}, **HOST)
        self.assertContains(response, "请说明如何整改")
        self.client.post(fixed, {"note": "已删除个人信息"}, **HOST)
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, FindingStatus.FIXED)
        self.assertEqual(self.own.fixed_by, self.editor)
        other_fixed = reverse("inspection_finding:fixed", args=[self.other.pk])
        self.assertEqual(
            self.client.post(other_fixed, {"note": "x"}, **HOST).status_code, 404
        )

    def test_auditor_changes_no_content(self):
        login_verified(self.client, self.auditor)
        edit_page = reverse("wagtailadmin_pages:edit", args=[self.fgw.root_page_id])
        self.assertIn(self.client.get(edit_page, **HOST).status_code, (302, 403))
        response = self.client.post(edit_page, {"title": "改了"}, **HOST)
        self.assertIn(response.status_code, (302, 403))
        self.fgw.root_page.refresh_from_db()
        self.assertNotEqual(self.fgw.root_page.title, "改了")
        # Nor can they add or delete findings by hand.
        delete = reverse("inspection_finding:delete", args=[self.own.pk])
        self.assertIn(self.client.post(delete, **HOST).status_code, (302, 403))
        self.assertTrue(Finding.objects.filter(pk=self.own.pk).exists())

    def test_dashboard_and_exports_for_auditors_only(self):
        response = self._get(self.auditor, reverse("inspection_dashboard"))
        self.assertContains(response, self.fgw.name)
        self.assertContains(response, "<polyline", count=3)
        excel = self.client.get(
            reverse("inspection_excel"), {"site": self.fgw.pk}, **HOST
        )
        book = load_workbook(io.BytesIO(excel.content))
        sheets = book.sheetnames
        self.assertEqual(sheets, ["网站得分", "问题清单", "逐项扣分"])
        messages = [row[5] for row in book[sheets[1]].iter_rows(values_only=True)]
        self.assertIn("发改委的问题", messages)
        self.assertNotIn("教育局的问题", messages)
        printable = self.client.get(reverse("inspection_print"), **HOST)
        self.assertContains(printable, "教育局的问题")
        self.assertContains(printable, "@page")

        login_verified(self.client, self.editor)
        for name in ("inspection_dashboard", "inspection_excel", "inspection_print"):
            # Wagtail turns PermissionDenied into a redirect to the admin home.
            response = self.client.get(reverse(name), **HOST)
            self.assertIn(response.status_code, (302, 403))

    def test_runs_listed_for_auditors_only(self):
        response = self._get(self.auditor, reverse("inspection_run:index"))
        self.assertContains(response, "运行中")  # the run made in setUpTestData
        run = InspectionRun.objects.get()
        inspect = reverse("inspection_run:inspect", args=[run.pk])
        self.assertEqual(self.client.get(inspect, **HOST).status_code, 200)
        login_verified(self.client, self.editor)
        response = self.client.get(reverse("inspection_run:index"), **HOST)
        self.assertIn(response.status_code, (302, 403))
