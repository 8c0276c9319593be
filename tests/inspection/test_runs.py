"""Runs, the finding lifecycle, interruption and resume, scoring (#5)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from inspection import services
from inspection.choices import FindingStatus, Indicator, RunStatus, Severity
from inspection.models import Finding, InspectionRun, RunStep, SiteScore
from inspection.registry import _registry, get_rule
from inspection.rules.base import FoundProblem, Rule
from inspection.scoring import score_findings
from tests.inspection.helpers import TODAY, build


class FakeRule(Rule):
    name = "fake"
    indicators = (Indicator.D7,)

    def __init__(self):
        # What the rule reports, per site code; tests change it between runs.
        self.reported: dict[str, list[str]] = {}

    def check(self, *, site, context):
        for word in self.reported.get(site.code, []):
            yield FoundProblem(
                indicator=Indicator.D7,
                severity=Severity.DEDUCTION,
                message=f"问题{word}",
                target=site.root_page.url_path,
                fingerprint=word,
            )


class StopRule(Rule):
    name = "stop"

    def __init__(self):
        self.interrupt_on: set[str] = set()

    def check(self, *, site, context):
        if site.code in self.interrupt_on:
            self.interrupt_on.discard(site.code)
            raise KeyboardInterrupt
        return []


class BrokenRule(Rule):
    name = "broken"

    def check(self, *, site, context):
        raise RuntimeError("boom")


FAKE_RULES = [
    "tests.inspection.test_runs.FakeRule",
    "tests.inspection.test_runs.StopRule",
]


@override_settings(INSPECTION_RULES=FAKE_RULES)
class LifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a, *_rest = build("runa")
        cls.b, *_rest = build("runb")

    def setUp(self):
        self._fresh_rules()

    def _fresh_rules(self):
        """New rule instances (the registry caches them) for this test to steer."""
        _registry.cache_clear()
        self.reported = get_rule("fake").reported
        self.interrupt_on = get_rule("stop").interrupt_on

    def _run(self, **kwargs):
        return services.run_inspection(site_codes=[self.a.code], today=TODAY, **kwargs)

    def test_open_close_reopen(self):
        self.reported[self.a.code] = ["x", "y"]
        self._run()
        first = Finding.objects.get(message="问题x")
        self.assertEqual(first.status, FindingStatus.OPEN)

        self.reported[self.a.code] = ["y"]
        self._run()
        first.refresh_from_db()
        self.assertEqual(first.status, FindingStatus.CLOSED)
        self.assertIsNotNone(first.closed_at)
        still = Finding.objects.get(message="问题y")
        self.assertEqual(still.status, FindingStatus.OPEN)
        self.assertGreater(still.last_seen, still.first_seen)

        self.reported[self.a.code] = ["x", "y"]
        self._run()
        first.refresh_from_db()
        self.assertEqual(first.status, FindingStatus.OPEN)
        self.assertEqual(first.times_reopened, 1)
        self.assertIsNone(first.closed_at)
        self.assertEqual(Finding.objects.count(), 2)

    def test_fixed_finding_is_verified_by_the_next_run(self):
        self.reported[self.a.code] = ["x", "y"]
        self._run()
        Finding.objects.update(status=FindingStatus.FIXED)
        self.reported[self.a.code] = ["x"]  # y really fixed, x not
        self._run()
        self.assertEqual(
            Finding.objects.get(message="问题x").status, FindingStatus.ASSIGNED
        )
        self.assertEqual(
            Finding.objects.get(message="问题y").status, FindingStatus.CLOSED
        )

    def test_a_run_of_one_site_does_not_close_another_sites_findings(self):
        self.reported[self.b.code] = ["z"]
        services.run_inspection(site_codes=[self.b.code], today=TODAY)
        self._run()
        self.assertEqual(Finding.objects.get(site=self.b).status, FindingStatus.OPEN)

    def test_interrupted_run_keeps_findings_and_resumes(self):
        self.reported[self.a.code] = ["x"]
        self.reported[self.b.code] = ["z"]
        codes = sorted([self.a.code, self.b.code])
        self.interrupt_on.add(codes[1])
        with pytest.raises(KeyboardInterrupt):
            services.run_inspection(site_codes=codes, today=TODAY)
        run = InspectionRun.objects.get()
        self.assertEqual(run.status, RunStatus.INTERRUPTED)
        # The first site's steps and the second's first rule were committed.
        self.assertEqual(run.steps.count(), 3)
        self.assertEqual(Finding.objects.count(), 2)

        resumed = services.run_inspection(resume=True)
        self.assertEqual(resumed.pk, run.pk)
        self.assertEqual(resumed.status, RunStatus.COMPLETE)
        self.assertEqual(resumed.steps_done, 4)
        # Resumed steps were not repeated.
        self.assertEqual(RunStep.objects.filter(run=run, rule="fake").count(), 2)
        self.assertEqual(SiteScore.objects.filter(run=run).count(), 2)

    def test_daily_task_resumes_an_interrupted_run_else_starts_one(self):
        from inspection import tasks

        self.reported[self.a.code] = ["x"]
        self.interrupt_on.add(self.a.code)
        with pytest.raises(KeyboardInterrupt):
            self._run()
        interrupted = InspectionRun.objects.get()
        result = tasks.run_daily_inspection.enqueue()
        self.assertEqual(result.return_value, interrupted.pk)
        interrupted.refresh_from_db()
        self.assertEqual(interrupted.status, RunStatus.COMPLETE)
        result = tasks.run_daily_inspection.enqueue()
        self.assertNotEqual(result.return_value, interrupted.pk)
        self.assertEqual(InspectionRun.objects.count(), 2)

    def test_resume_without_unfinished_run_is_refused(self):
        with self.assertRaisesMessage(
            services.InspectionError, "没有可以继续的未完成检查任务"
        ):
            services.run_inspection(resume=True)

    @override_settings(
        INSPECTION_RULES=[*FAKE_RULES, "tests.inspection.test_runs.BrokenRule"]
    )
    def test_a_crashing_rule_is_recorded_and_the_run_continues(self):
        self._fresh_rules()
        self.reported[self.a.code] = ["x"]
        run = self._run()
        self.assertEqual(run.status, RunStatus.COMPLETE)
        step = RunStep.objects.get(run=run, rule="broken")
        self.assertEqual(step.error, "boom")
        self.assertEqual(Finding.objects.count(), 1)

    def test_command_checks_names_and_codes(self):
        with self.assertRaisesMessage(CommandError, "没有名为“nope”的检查项"):
            call_command("inspect_sites", "--check", "nope", "--no-progress")
        with self.assertRaisesMessage(CommandError, "找不到正常运行的网站"):
            call_command("inspect_sites", "--site", "0000000000", "--no-progress")
        self.assertFalse(InspectionRun.objects.exists())
        self.reported[self.a.code] = ["x"]
        call_command(
            "inspect_sites", "--site", self.a.code, "--check", "fake", "--no-progress"
        )
        self.assertEqual(Finding.objects.count(), 1)


def _finding(indicator, severity, page_id=None):
    return SimpleNamespace(indicator=indicator, severity=severity, page_id=page_id)


def test_scoring_veto_fails_whatever_the_points():
    result = score_findings([_finding("V3", "veto")])
    assert result.vetoed and not result.passed
    assert result.veto_indicators == ["V3"]


def test_scoring_caps_each_indicator_at_its_weight():
    result = score_findings([_finding("D7", "deduction")] * 40)
    assert result.deductions == {"D7": "15"}
    assert result.score == Decimal(85)
    assert result.passed


def test_scoring_home_page_links_weigh_double_and_below_60_fails():
    result = score_findings(
        [_finding("D1", "deduction", page_id=1)] * 3, home_page_id=1
    )
    assert result.deductions == {"D1": "6"}
    many = [
        _finding(code, "deduction") for code in "D1 D2 D3 D7".split() for _ in range(15)
    ]
    failing = score_findings(many)
    assert failing.score == Decimal(40)
    assert not failing.passed
    assert score_findings([_finding("D1", "advice")]).score == Decimal(100)


def test_probe_window_is_seven_whole_days():
    start, end = services_window()
    assert (end - start) == datetime.timedelta(days=7)


def services_window():
    from inspection.rules.reachability import probe_window

    return probe_window(today=TODAY)


class TrendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, *_rest = build("trend")

    def test_dashboard_trend_holds_the_last_30_runs_oldest_first(self):
        from inspection.selectors import cluster_overview
        from inspection.views import sparkline

        for n in range(32):
            run = InspectionRun.objects.create(today=TODAY)
            SiteScore.objects.create(run=run, site=self.site, score=n, passed=False)
        (row,) = [r for r in cluster_overview() if r["site"].pk == self.site.pk]
        self.assertEqual([int(s.score) for s in row["trend"]], list(range(2, 32)))
        self.assertEqual(int(row["score"].score), 31)
        points = sparkline(row["trend"]).split()
        self.assertEqual(len(points), 30)
        self.assertEqual(points[0], "0.0,23.5")  # score 2 of 100, near the bottom
