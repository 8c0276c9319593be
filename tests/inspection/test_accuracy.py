"""Inspection accuracy and the auditor's clock (#21): runs for a chosen day
(command and admin), findings recording it, deduction items with the office's
points, V5/V6/D5 never shown as passed unchecked, the national 15 s timeouts."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from inspection import services, tasks
from inspection.linkcheck import LinkChecker, LinkStatus
from inspection.models import (
    Finding,
    InspectionPointsSettings,
    InspectionRun,
    SiteScore,
)
from inspection.registry import DEFAULT_RULES
from site_registry.roles import AUDITOR_GROUP, OFFICE_GROUP
from tests.admin_forms import browser_form_data, page_errors
from tests.inspection.helpers import TODAY, build, document
from tests.two_factor import login_verified

PASSWORD = "pw-12345-abcdef"
DAY = datetime.timedelta(days=1)


def _user(name, group):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


class AsOfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.news,), cls.org = build("asof", ("dt", "news"))
        document(cls.news, cls.org, published=TODAY - datetime.timedelta(days=3))
        cls.auditor = _user("aud", AUDITOR_GROUP)

    def test_command_runs_as_of_a_day_and_findings_record_it(self):
        # As of TODAY the news column is fresh; as of a month later it is stale.
        later = TODAY + datetime.timedelta(days=30)
        call_command(
            "inspect_sites",
            "--site",
            self.profile.code,
            "--check",
            "column_freshness",
            "--as-of",
            later.isoformat(),
            "--no-progress",
            stdout=io.StringIO(),
        )
        run = InspectionRun.objects.get()
        self.assertEqual(run.today, later)
        finding = Finding.objects.get(site=self.profile, rule="column_freshness")
        self.assertEqual(finding.checked_on, later)
        self.assertIn("超过14天未更新", finding.message)
        # Re-checked as of TODAY the problem is gone: the finding closes.
        call_command(
            "inspect_sites",
            "--site",
            self.profile.code,
            "--check",
            "column_freshness",
            "--as-of",
            TODAY.isoformat(),
            "--no-progress",
            stdout=io.StringIO(),
        )
        finding.refresh_from_db()
        self.assertEqual(finding.status, "closed")

    def test_command_refuses_a_bad_date(self):
        with self.assertRaisesMessage(CommandError, "检查日期“2026-02-30”无效"):
            call_command("inspect_sites", "--as-of", "2026-02-30", "--no-progress")
        self.assertFalse(InspectionRun.objects.exists())

    def test_admin_runs_for_a_chosen_day_posted_as_the_browser_posts(self):
        login_verified(self.client, self.auditor)
        url = reverse("inspection_run:start")
        later = TODAY + datetime.timedelta(days=30)
        data = browser_form_data(self.client, url, today=later.isoformat())
        with self.captureOnCommitCallbacks():
            response = self.client.post(url, data)
        run = InspectionRun.objects.get()
        self.assertRedirects(
            response,
            reverse("inspection_run:inspect", args=[run.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(run.today, later)
        with override_settings(INSPECTION_RULES=[DEFAULT_RULES[2]]):
            tasks.execute_run.call(run.pk)
        finding = Finding.objects.get(site=self.profile, rule="column_freshness")
        self.assertEqual(finding.checked_on, later)
        page = self.client.get(reverse("inspection_finding:inspect", args=[finding.pk]))
        self.assertContains(page, "检查日期")

    def test_admin_leaves_the_day_empty_for_today(self):
        login_verified(self.client, self.auditor)
        url = reverse("inspection_run:start")
        with self.captureOnCommitCallbacks():
            self.client.post(url, browser_form_data(self.client, url))
        self.assertEqual(InspectionRun.objects.get().today, timezone.localdate())

    def test_admin_refuses_a_future_or_malformed_day(self):
        login_verified(self.client, self.auditor)
        url = reverse("inspection_run:start")
        tomorrow = timezone.localdate() + DAY
        for value, error in (
            (tomorrow.isoformat(), "检查日期不能晚于今天。"),
            ("2026-13-01", "请输入有效的日期"),
        ):
            response = self.client.post(
                url, browser_form_data(self.client, url, today=value)
            )
            self.assertEqual(response.status_code, 200)
            self.assertTrue(
                any(error in text for text in page_errors(response.content.decode())),
                page_errors(response.content.decode()),
            )
        self.assertFalse(InspectionRun.objects.exists())


class PointsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, columns, cls.org = build(
            "pts", ("dt", "news"), ("gh", "planning"), ("rs", "personnel")
        )
        cls.news = columns[0]
        document(cls.news, cls.org, published=TODAY - datetime.timedelta(days=40))
        cls.office = _user("office", OFFICE_GROUP)
        cls.auditor = _user("aud", AUDITOR_GROUP)

    def _score(self):
        run = services.run_inspection(
            site_codes=[self.profile.code], checks=["column_freshness"], today=TODAY
        )
        return SiteScore.objects.get(run=run, site=self.profile)

    def test_stale_and_blank_columns_deduct_by_default(self):
        score = self._score()
        # One stale news column, two blank columns: 1 point each (defaults).
        self.assertEqual(score.deductions, {"D2": "3"})
        self.assertEqual(score.score, Decimal(97))
        items = sorted(line["item"] for line in score.lines)
        self.assertEqual(items, ["blank_column", "blank_column", "stale_column"])
        self.assertTrue(all(line["points"] == "1" for line in score.lines))

    def test_the_office_sets_the_points_in_the_admin(self):
        login_verified(self.client, self.office)
        start = reverse(
            "wagtailsettings:edit",
            args=("inspection", "inspectionpointssettings"),
        )
        url = self.client.get(start, follow=True).redirect_chain[-1][0]
        data = browser_form_data(self.client, url, blank_column="0", stale_column="2.5")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(InspectionPointsSettings.load().blank_column, Decimal(0))
        score = self._score()
        self.assertEqual(score.deductions, {"D2": "2.5"})
        by_item = {line["item"]: line for line in score.lines}
        self.assertEqual(by_item["blank_column"]["counted"], "0")
        self.assertEqual(by_item["stale_column"]["points"], "2.5")
        # A negative value is refused with a Chinese message, nothing saved.
        bad = browser_form_data(self.client, url, stale_column="-1")
        response = self.client.post(url, bad)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(InspectionPointsSettings.load().stale_column, Decimal("2.5"))

    def test_each_item_deducts_within_its_indicators_cap(self):
        settings = InspectionPointsSettings.load()
        settings.blank_column = Decimal(10)
        settings.save()
        score = self._score()
        self.assertEqual(score.deductions, {"D2": "15"})  # D2's weight
        counted = sorted(Decimal(line["counted"]) for line in score.lines)
        self.assertEqual(sum(counted), Decimal(15))

    def test_score_page_shows_each_deduction_its_finding_and_setting(self):
        self._score()
        login_verified(self.client, self.auditor)
        page = self.client.get(reverse("inspection_print"), {"site": self.profile.pk})
        html = page.content.decode()
        self.assertIn("逐项扣分", html)
        self.assertIn("D2 空白栏目，未达否决线（每个）", html)
        self.assertIn("栏目“栏目gh”是空白栏目", html)
        blank = Finding.objects.get(
            site=self.profile, item="blank_column", page__slug="gh"
        )
        self.assertIn(reverse("inspection_finding:inspect", args=[blank.pk]), html)
        self.assertIn("扣分标准", html)

    def test_editors_cannot_change_the_points(self):
        editor = get_user_model().objects.create_user("ed", password=PASSWORD)
        editor.groups.add(self.profile.editors_group)
        login_verified(self.client, editor)
        start = reverse(
            "wagtailsettings:edit",
            args=("inspection", "inspectionpointssettings"),
        )
        response = self.client.get(start, follow=True)
        self.assertNotEqual(
            response.redirect_chain[-1][0] if response.redirect_chain else "", start
        )
        self.assertNotContains(response, 'name="blank_column"')


class CoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("cov")
        cls.auditor = _user("aud", AUDITOR_GROUP)

    def _coverage(self):
        login_verified(self.client, self.auditor)
        html = self.client.get(reverse("inspection_dashboard")).content.decode()
        states = {}
        for code in ("V5", "V6", "D5"):
            marker = f'data-indicator="{code}" data-state="'
            start = html.index(marker) + len(marker)
            states[code] = (
                html[start : html.index('"', start)],
                html[start : start + 200],
            )
        return states

    def test_not_checked_before_any_run(self):
        states = self._coverage()
        self.assertEqual(
            {k: v[0] for k, v in states.items()}, dict.fromkeys(states, "not_checked")
        )
        self.assertIn("尚未检查", states["D5"][1])

    def test_d5_without_data_is_not_checked_never_passed(self):
        services.run_inspection(
            site_codes=[self.profile.code],
            checks=["interaction_quality", "interaction_response", "service_guides"],
            today=TODAY,
        )
        states = self._coverage()
        self.assertEqual(states["D5"][0], "not_checked")
        self.assertIn("还没有留言、意见征集或在线访谈数据", states["D5"][1])
        # V5 and V6 were checked (the site's channels, its missing guides).
        self.assertNotEqual(states["V5"][0], "not_checked")
        self.assertEqual(states["V6"][0], "failed")

    @override_settings(INSPECTION_RULES=DEFAULT_RULES[:-3])
    def test_a_rule_not_installed_reads_not_enabled(self):
        states = self._coverage()
        self.assertIn("未启用此检查项", states["V6"][1])

    def test_exports_carry_the_coverage(self):
        login_verified(self.client, self.auditor)
        page = self.client.get(reverse("inspection_print"), {"site": self.profile.pk})
        self.assertContains(page, "D5 未检查：尚未检查")


class TimeoutTests(TestCase):
    """A page that does not answer within 15 s is unreachable: V2 probes and
    D1 external links alike (#21.5)."""

    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("probe")

    def test_external_links_and_probes_time_out_after_15_seconds(self):
        self.assertEqual(LinkChecker().timeout, 15)
        seen = []

        def fetch(url, *, timeout):
            seen.append(timeout)
            return LinkStatus(url=url, ok=True, status_code=200)

        with mock.patch("inspection.services.fetch", fetch):
            results = services.probe_sites()
        self.assertTrue(results)
        self.assertEqual(set(seen), {15})

    @override_settings(INSPECTION_PROBE_TIMEOUT=5, INSPECTION_LINK_TIMEOUT=7)
    def test_timeouts_are_settings(self):
        self.assertEqual(LinkChecker().timeout, 7)
        seen = []

        def fetch(url, *, timeout):
            seen.append(timeout)
            return LinkStatus(url=url, ok=True, status_code=200)

        with mock.patch("inspection.services.fetch", fetch):
            services.probe_sites()
        self.assertEqual(set(seen), {5})
