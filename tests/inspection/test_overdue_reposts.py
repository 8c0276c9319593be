"""应转未转: the inspection reads the reposting rules (#4, #5)."""

import datetime

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from django.utils import timezone

from disclosure_pages.models import DisclosureDocumentPage
from inspection.choices import Indicator, Severity
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from reposting import services
from reposting.models import RepostRule
from tests.reposting.helpers import build_cluster

PUBLISHED = datetime.date(2026, 3, 2)


def run(site, today):
    rule = get_rule("overdue_reposts")
    return list(rule.check(site=site, context=InspectionContext(today)))


class OverdueRepostRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        DisclosureDocumentPage.objects.filter(pk=cls.source.pk).update(
            first_published_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
        )
        RepostRule.objects.create(
            name="重要政策三日内转载",
            keyword="重要政策",
            level="township",
            days=3,
            applies_from=datetime.date(2026, 1, 1),
        )
        cls.office = User.objects.create_superuser("office", "o@example.gov.cn", "x")

    def test_due_is_not_a_finding_overdue_is_until_reposted(self):
        self.assertEqual(run(self.township, PUBLISHED + datetime.timedelta(days=3)), [])
        late = PUBLISHED + datetime.timedelta(days=4)
        problems = run(self.township, late)
        self.assertEqual(len(problems), 1)
        self.assertEqual(problems[0].indicator, Indicator.D4)
        self.assertEqual(problems[0].severity, Severity.DEDUCTION)
        self.assertIn("国务院关于推动政务公开高质量发展的意见", problems[0].message)
        self.assertIn("2026-03-05", problems[0].message)
        # Other levels owe nothing under this rule.
        self.assertEqual(run(self.county, late), [])

        plan = services.plan_reposts(
            source=self.source,
            profiles=[self.township],
            user=self.office,
            kind="policy",
        )
        services.repost_document(source=self.source, plan=plan, user=self.office)
        self.assertEqual(run(self.township, late), [])

    @override_settings(INSPECTION_OVERDUE_REPOSTS="")
    def test_a_project_without_reposting_checks_nothing(self):
        later = PUBLISHED + datetime.timedelta(days=30)
        self.assertEqual(run(self.township, later), [])
