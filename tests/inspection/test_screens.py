"""The inspection screens as an auditor uses them (#13.10): a finding's detail,
the findings export, the veto verdict on the dashboard and 立即检查."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core.models import CommonMisspelling, SensitiveWord
from inspection import services, tasks
from inspection.choices import RunStatus
from inspection.models import Finding, InspectionRun
from inspection.registry import _registry, get_rule
from inspection.rules.base import Rule
from site_registry.models import SiteDomain
from site_registry.roles import AUDITOR_GROUP
from tests.inspection.helpers import build, document, set_body
from tests.two_factor import login_verified

PASSWORD = "pw-12345-abcdef"


def _auditor(name="aud"):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=AUDITOR_GROUP))
    return user


def _row(html: str, text: str) -> str:
    """The dashboard table row that mentions ``text``."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if text in row:
            return row
    raise AssertionError(f"no row with {text!r}")


class FindingScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        CommonMisspelling.objects.get_or_create(
            wrong="既使", defaults={"correct": "即使"}
        )
        cls.profile, cls.home, (column,), org = build("scr")
        cls.page = document(column, org, title="关于雨天办理的通知")
        set_body(cls.page, "<p>既使下雨也照常办理。</p>")
        # A full site whose primary domain is missing from the registry, while
        # the inspection runs. Restored before the test's end: on PostgreSQL a
        # deferred trigger refuses to commit a site without one.
        primary = SiteDomain.objects.filter(profile=cls.profile, is_primary=True)
        primary_pks = list(primary.values_list("pk", flat=True))
        primary.update(is_primary=False)
        services.run_inspection(checks=["content", "footer_identity"])
        SiteDomain.objects.filter(pk__in=primary_pks).update(is_primary=True)
        cls.typo = Finding.objects.get(rule="content", page=cls.page)
        cls.auditor = _auditor()

    def setUp(self):
        login_verified(self.client, self.auditor)

    def test_a_finding_opens_on_its_detail_with_evidence_and_public_url(self):
        inspect = reverse("inspection_finding:inspect", args=[self.typo.pk])
        edit = reverse("inspection_finding:edit", args=[self.typo.pk])
        listing = self.client.get(reverse("inspection_finding:index"))
        self.assertEqual(listing.status_code, 200)
        # Clicking the problem opens the finding, not the rectification form.
        self.assertContains(listing, f'href="{inspect}"')
        self.assertNotContains(listing, f'href="{edit}"')

        response = self.client.get(inspect)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("正文和附件内容", html)  # the rule, by its name
        self.assertIn("既使", self.typo.evidence)
        self.assertIn(self.typo.evidence, html)
        public_url = self.page.get_full_url()
        self.assertTrue(public_url.startswith("http://scr.localhost/"))
        self.assertIn(f'href="{public_url}"', html)
        self.assertIn("关于雨天办理的通知", html)
        self.assertIn(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), html)
        # Rectification is a separate action on the detail.
        self.assertIn(f'href="{edit}"', html)
        self.assertIn("分派整改", html)
        self.assertNotIn(self.page.url_path, html)
        self.assertNotIn("Wagtail站点", html)
        self.assertEqual(self.typo.target, public_url)

    def test_messages_use_auditors_words_and_no_tree_paths(self):
        findings = list(Finding.objects.all())
        self.assertTrue(findings)
        for finding in findings:
            self.assertNotIn("Wagtail", finding.message)
            self.assertNotIn(self.home.url_path, finding.message)
            self.assertNotIn(self.home.url_path, finding.target)
            self.assertTrue(finding.target.startswith("http://scr.localhost/"))
        domain = Finding.objects.get(rule="footer_identity", message__contains="主域名")
        response = self.client.get(
            reverse("inspection_finding:inspect", args=[domain.pk])
        )
        self.assertContains(response, "网站登记缺少“主域名”")
        self.assertContains(response, 'href="http://scr.localhost/"')
        listing = self.client.get(reverse("inspection_finding:index"))
        self.assertNotContains(listing, "Wagtail站点")

    def test_export_holds_the_filtered_rows_with_headers(self):
        url = reverse("inspection_finding:index")
        shown = Finding.objects.filter(rule="footer_identity")
        response = self.client.get(url, {"rule": "footer_identity", "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        self.assertEqual(book.sheetnames, ["检查发现"])
        header, *rows = list(book["检查发现"].iter_rows(values_only=True))
        self.assertEqual(header[:3], ("网站", "检查项", "指标"))
        self.assertIn("网址", header)
        self.assertEqual(len(rows), shown.count())
        self.assertGreater(len(rows), 1)
        messages = header.index("问题")
        self.assertEqual(
            sorted(row[messages] for row in rows),
            sorted(shown.values_list("message", flat=True)),
        )
        address = header.index("网址")
        self.assertTrue(all(row[address] == "http://scr.localhost/" for row in rows))
        # Without a filter: every finding the list shows.
        response = self.client.get(url, {"export": "xlsx"})
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        self.assertEqual(book["检查发现"].max_row - 1, Finding.objects.count())

    def test_a_vetoed_site_reads_failed_without_a_misleading_score(self):
        SensitiveWord.objects.create(word="禁用词")
        set_body(self.page, "<p>禁用词</p>")
        services.run_inspection(checks=["content"])
        response = self.client.get(reverse("inspection_dashboard"))
        self.assertEqual(response.status_code, 200)
        row = _row(response.content.decode(), self.profile.name)
        self.assertIn("不合格（单项否决）", row)
        self.assertIn("inspection-verdict--fail", row)
        self.assertIn("不计分", row)
        self.assertNotIn("100.0", row)
        self.assertIn("V1", row)


class RunNowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("run")
        cls.auditor = _auditor()
        cls.editor = get_user_model().objects.create_user("ed", password=PASSWORD)
        cls.editor.groups.add(cls.profile.editors_group)

    def test_auditor_starts_a_run_and_follows_its_progress(self):
        login_verified(self.client, self.auditor)
        index = self.client.get(reverse("inspection_run:index"))
        self.assertContains(index, reverse("inspection_run:start"))
        self.assertContains(index, "立即检查")
        dashboard = self.client.get(reverse("inspection_dashboard"))
        self.assertContains(dashboard, f'action="{reverse("inspection_run:start")}"')

        with self.captureOnCommitCallbacks() as callbacks:
            response = self.client.post(reverse("inspection_run:start"))
        run = InspectionRun.objects.get()
        self.assertRedirects(
            response,
            reverse("inspection_run:inspect", args=[run.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(len(callbacks), 1)  # handed to the background on commit
        self.assertEqual(run.started_by, self.auditor)
        self.assertEqual(run.status, RunStatus.RUNNING)

        page = self.client.get(reverse("inspection_run:inspect", args=[run.pk]))
        self.assertContains(page, '<meta http-equiv="refresh" content="5">')
        self.assertContains(page, "运行中")
        self.assertContains(page, "aud")  # who started it
        # Pressing again while it runs starts nothing.
        again = self.client.post(reverse("inspection_run:start"))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(InspectionRun.objects.count(), 1)

        tasks.execute_run.call(run.pk)  # what the background does
        page = self.client.get(reverse("inspection_run:inspect", args=[run.pk]))
        self.assertContains(page, "已完成")
        self.assertContains(page, "1 / 1 个网站")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_editors_cannot_start_runs(self):
        login_verified(self.client, self.editor)
        response = self.client.post(reverse("inspection_run:start"))
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(InspectionRun.objects.exists())


class GateRule(Rule):
    """Holds the run until the test has looked at its progress."""

    name = "gate"
    label = "gate"

    def __init__(self):
        self.gate = threading.Event()
        self.reached = threading.Event()

    def check(self, *, site, context):
        self.reached.set()
        self.gate.wait(30)
        return []


@pytest.mark.django_db(transaction=True)
@override_settings(INSPECTION_RULES=["tests.inspection.test_screens.GateRule"])
def test_run_now_goes_on_in_the_background(client):
    """The real path: the button's POST returns while a thread does the run."""
    _registry.cache_clear()  # a fresh GateRule, with its events unset
    rule = get_rule("gate")
    profile, *_rest = build("bg")
    auditor = _auditor("bg-aud")
    login_verified(client, auditor)
    try:
        response = client.post(reverse("inspection_run:start"))
        run = InspectionRun.objects.get()
        assert response.status_code == 302
        assert run.started_by == auditor
        # The thread is at the first site's checks (on a loaded machine it
        # may need a moment to start).
        assert rule.reached.wait(30)
        page = client.get(reverse("inspection_run:inspect", args=[run.pk]))
        html = page.content.decode()
        assert 'http-equiv="refresh"' in html and "0 / 1 个网站" in html
    finally:
        rule.gate.set()
    deadline = time.monotonic() + 30
    while run.status != RunStatus.COMPLETE and time.monotonic() < deadline:
        time.sleep(0.1)
        run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE
    assert (run.sites_done, run.sites_total) == (1, 1)
    html = client.get(reverse("inspection_run:inspect", args=[run.pk])).content
    assert "1 / 1 个网站" in html.decode()
    assert b'http-equiv="refresh"' not in html
