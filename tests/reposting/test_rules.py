"""Repost rules: what each site must repost, due and overdue by date (应转未转)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from disclosure_pages.models import DisclosureDocumentPage
from reposting import selectors, services
from reposting.choices import ObligationStatus
from reposting.models import RepostRule
from tests.factories.disclosure import make_document
from tests.reposting.helpers import build_cluster
from tests.two_factor import login_verified

PUBLISHED = datetime.date(2026, 3, 2)


class RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        moment = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
        DisclosureDocumentPage.objects.filter(pk=cls.source.pk).update(
            first_published_at=moment
        )
        cls.other = make_document(
            cls.library_column,
            organization=cls.state_council,
            title="国务院办公厅关于印发某工作方案的通知",
            keywords="一般文件",
        )
        DisclosureDocumentPage.objects.filter(pk=cls.other.pk).update(
            first_published_at=moment
        )
        cls.rule = RepostRule.objects.create(
            name="重要政策三日内转载",
            keyword="重要政策",
            level="township",
            days=3,
            applies_from=datetime.date(2026, 1, 1),
        )
        cls.office = User.objects.create_superuser("office", "o@example.gov.cn", "x")

    def _status(self, profile, today):
        items = selectors.obligations(site_profile=profile, today=today)
        return [(o.source.pk, o.status, o.due) for o in items]

    def test_due_within_the_window(self):
        today = PUBLISHED + datetime.timedelta(days=3)
        self.assertEqual(
            self._status(self.township, today),
            [(self.source.pk, ObligationStatus.DUE, datetime.date(2026, 3, 5))],
        )
        self.assertEqual(
            selectors.overdue_reposts(site_profile=self.township, today=today), []
        )

    def test_overdue_after_the_window(self):
        today = PUBLISHED + datetime.timedelta(days=4)
        overdue = selectors.overdue_reposts(site_profile=self.township, today=today)
        self.assertEqual([o.source.pk for o in overdue], [self.source.pk])
        self.assertEqual(overdue[0].status_label, "逾期未转载")

    def test_done_once_reposted(self):
        plan = services.plan_reposts(
            source=self.source,
            profiles=[self.township],
            user=self.office,
            kind="policy",
        )
        services.repost_document(source=self.source, plan=plan, user=self.office)
        today = PUBLISHED + datetime.timedelta(days=30)
        self.assertEqual(
            [s for _pk, s, _due in self._status(self.township, today)],
            [ObligationStatus.DONE],
        )

    def test_rule_applies_only_to_its_level_and_documents(self):
        today = PUBLISHED + datetime.timedelta(days=30)
        self.assertEqual(self._status(self.county, today), [])
        self.assertEqual(self._status(self.city, today), [])

    def test_rule_before_its_start_date_asks_nothing(self):
        RepostRule.objects.filter(pk=self.rule.pk).update(
            applies_from=datetime.date(2026, 4, 1)
        )
        today = PUBLISHED + datetime.timedelta(days=30)
        self.assertEqual(self._status(self.township, today), [])

    def test_rule_by_organ_code(self):
        RepostRule.objects.create(
            name="国发文件七日内转载",
            organ_code="国发",
            level="county_portal",
            days=7,
            applies_from=datetime.date(2026, 1, 1),
        )
        today = PUBLISHED + datetime.timedelta(days=8)
        self.assertEqual(
            self._status(self.county, today),
            [(self.source.pk, ObligationStatus.OVERDUE, datetime.date(2026, 3, 9))],
        )

    def test_a_rule_needs_a_criterion(self):
        rule = RepostRule(name="全部", level="township", days=3)
        with self.assertRaises(ValidationError) as caught:
            rule.full_clean()
        self.assertIn("请至少填写主题词", str(caught.exception))
        rule = RepostRule(name="零天", keyword="重要政策", level="township", days=0)
        with self.assertRaises(ValidationError):
            rule.full_clean()

    def test_admin_shows_due_and_overdue_per_site(self):
        login_verified(self.client, self.office)
        response = self.client.get(reverse("reposting:obligations"))
        self.assertContains(response, "示范市东城区青台镇人民政府")
        response = self.client.get(
            reverse("reposting:obligations_site", args=[self.township.pk])
        )
        self.assertContains(response, self.source.title)
        self.assertContains(response, "2026-03-05")
