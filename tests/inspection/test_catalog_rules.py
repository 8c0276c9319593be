"""D3 catalog completeness and D2 basic information rules (#5)."""

import datetime

from django.test import TestCase

from content.models import StandardPage
from disclosure_pages.models import (
    AnnualReportPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureRulesPage,
)
from inspection.choices import Indicator
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from inspection.rules.catalog import annual_report_due, required_report_year
from site_registry.models import SiteProfile
from tests.inspection.helpers import build


def run_rule(name, site, today):
    return list(get_rule(name).check(site=site, context=InspectionContext(today)))


def test_annual_report_deadlines_by_organ():
    # Departments and townships by 31 January, county-level governments by 31 March.
    assert annual_report_due(year=2025, government_portal=False) == datetime.date(
        2026, 1, 31
    )
    assert annual_report_due(year=2025, government_portal=True) == datetime.date(
        2026, 3, 31
    )
    jan31, feb1 = datetime.date(2026, 1, 31), datetime.date(2026, 2, 1)
    assert required_report_year(today=jan31, government_portal=False) == 2024
    assert required_report_year(today=feb1, government_portal=False) == 2025
    assert required_report_year(today=feb1, government_portal=True) == 2024
    assert (
        required_report_year(today=datetime.date(2026, 4, 1), government_portal=True)
        == 2025
    )


class DisclosureCatalogRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, columns, _org = build(
            "catalogrule", ("ndbg", "annual_report")
        )
        # Pretend the site has been open for years: reports are owed.
        SiteProfile.objects.filter(pk=cls.profile.pk).update(
            created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        cls.profile.refresh_from_db()
        cls.catalog = DisclosureIndexPage.objects.child_of(cls.home).get()
        cls.reports = columns[0]

    def fingerprints(self, today):
        problems = run_rule("disclosure_catalog", self.profile, today)
        self.assertTrue(all(p.indicator == Indicator.D3 for p in problems))
        return sorted(p.fingerprint for p in problems)

    def test_missing_guide_rules_and_report_are_found_then_cleared(self):
        today = datetime.date(2026, 2, 1)
        self.assertEqual(
            self.fingerprints(today),
            ["catalog:annual-report:2025", "catalog:guide", "catalog:rules"],
        )
        for model in (DisclosureGuidePage, DisclosureRulesPage):
            page = model(title=str(model._meta.verbose_name), body="<p>正文</p>")
            self.catalog.add_child(instance=page)
            page.save_revision().publish()
        report = AnnualReportPage(title="2025年年报", year=2025, body="<p>年报</p>")
        self.reports.add_child(instance=report)
        report.save_revision().publish()
        self.assertEqual(self.fingerprints(today), [])
        # On 31 January the department's 2025 report is not yet owed, 2024's is.
        self.assertEqual(
            self.fingerprints(datetime.date(2026, 1, 31)),
            ["catalog:annual-report:2024"],
        )
        # An unpublished report does not count.
        report.unpublish()
        self.assertEqual(self.fingerprints(today), ["catalog:annual-report:2025"])

    def test_a_site_without_catalog_gets_one_finding(self):
        self.catalog.unpublish()
        today = datetime.date(2026, 6, 1)
        problems = run_rule("disclosure_catalog", self.profile, today)
        self.assertEqual([p.fingerprint for p in problems], ["catalog:missing"])

    def test_a_site_opened_after_the_report_year_owes_no_report(self):
        SiteProfile.objects.filter(pk=self.profile.pk).update(
            created_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
        )
        self.profile.refresh_from_db()
        self.assertNotIn(
            "catalog:annual-report:2025", self.fingerprints(datetime.date(2026, 6, 1))
        )


class BasicInformationRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, _columns, _org = build(
            "basicinfo", ("jgzn", "functions")
        )

    def test_each_missing_kind_is_one_finding(self):
        today = datetime.date(2026, 6, 1)
        problems = run_rule("basic_information", self.profile, today)
        self.assertEqual(
            sorted(p.fingerprint for p in problems),
            ["basic-info:leaders", "basic-info:overview"],
        )
        self.assertTrue(all(p.indicator == Indicator.D2 for p in problems))
        overview = StandardPage(title="概况信息", slug="gk", column_kind="overview")
        self.home.add_child(instance=overview)
        overview.save_revision().publish()
        problems = run_rule("basic_information", self.profile, today)
        self.assertEqual([p.fingerprint for p in problems], ["basic-info:leaders"])
