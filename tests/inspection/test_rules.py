"""Each inspection rule, with positive and negative cases (#5)."""

import datetime

from django.test import TestCase, override_settings

from core.detectors.resident_id import check_character
from core.models import CommonMisspelling, SensitiveWord
from inspection.choices import Indicator, Severity
from inspection.models import ProbeResult
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from inspection.rules.freshness import is_fresh
from inspection.rules.reachability import probe_window
from tests.inspection.helpers import TODAY, at, build, document, set_body

VALID_ID = "11010519491231002X"
INVALID_ID = "110105194912310021"  # wrong check character
CARD = "6222021234567890128"  # passes Luhn
NOT_CARD = "6222021234567890127"


def run_rule(name, site, today=TODAY):
    return list(get_rule(name).check(site=site, context=InspectionContext(today)))


def test_valid_id_fixture_has_the_right_checksum():
    assert check_character(VALID_ID[:17]) == VALID_ID[17]
    assert check_character(INVALID_ID[:17]) != INVALID_ID[17]


def test_freshness_boundary_days():
    # Fresh up to and including the period's last day.
    assert is_fresh(TODAY - datetime.timedelta(days=14), today=TODAY, days=14)
    assert not is_fresh(TODAY - datetime.timedelta(days=15), today=TODAY, days=14)
    assert not is_fresh(None, today=TODAY, days=14)


class FreshnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, columns, cls.org = build(
            "fresh", ("dt", "news"), ("tz", "notice"), ("gh", "planning")
        )
        cls.news, cls.notices, cls.planning = columns
        cls.news_item = document(
            cls.news, cls.org, published=TODAY - datetime.timedelta(days=14)
        )
        document(cls.notices, cls.org, published=TODAY - datetime.timedelta(days=183))

    def test_home_fresh_on_day_14_stale_on_day_15(self):
        self.assertEqual(run_rule("home_freshness", self.profile), [])
        later = TODAY + datetime.timedelta(days=1)
        problems = run_rule("home_freshness", self.profile, today=later)
        self.assertEqual([p.indicator for p in problems], [Indicator.V3])
        self.assertEqual(problems[0].severity, Severity.VETO)

    def test_column_periods_by_kind_and_blank_columns(self):
        problems = run_rule("column_freshness", self.profile)
        by_page = {p.page_id: p for p in problems}
        self.assertNotIn(self.news.pk, by_page)  # day 14 of 14
        self.assertNotIn(self.notices.pk, by_page)  # day 183 of 183
        self.assertEqual(by_page[self.planning.pk].fingerprint, "blank")
        # Below the veto threshold a blank column is a D2 deduction item.
        self.assertEqual(by_page[self.planning.pk].indicator, Indicator.D2)
        self.assertEqual(by_page[self.planning.pk].severity, Severity.DEDUCTION)
        self.assertEqual(by_page[self.planning.pk].item, "blank_column")

        later = TODAY + datetime.timedelta(days=1)
        stale = {p.page_id for p in run_rule("column_freshness", self.profile, later)}
        self.assertIn(self.news.pk, stale)
        self.assertIn(self.notices.pk, stale)

    def test_as_of_ignores_items_published_after_the_day(self):
        # The news item was published on TODAY - 14; as of the day before it,
        # the news column had nothing yet: blank, not fresh.
        before = TODAY - datetime.timedelta(days=15)
        problems = run_rule("column_freshness", self.profile, before)
        by_page = {p.page_id: p for p in problems}
        self.assertEqual(by_page[self.news.pk].fingerprint, "blank")
        self.assertEqual(
            run_rule("home_freshness", self.profile, before)[0].indicator, "V3"
        )

    @override_settings(INSPECTION_FRESHNESS_DAYS={"news": 30})
    def test_periods_are_configurable(self):
        later = TODAY + datetime.timedelta(days=16)
        stale = {p.page_id for p in run_rule("column_freshness", self.profile, later)}
        self.assertNotIn(self.news.pk, stale)


class BlankColumnVetoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.five, *_rest = build("blank5", *[(f"c{i}", "policy") for i in range(5)])
        cls.four, *_rest = build("blank4", *[(f"c{i}", "policy") for i in range(4)])

    def test_five_blank_columns_veto_four_do_not(self):
        vetoes = [
            p for p in run_rule("column_freshness", self.five) if p.severity == "veto"
        ]
        self.assertEqual([p.fingerprint for p in vetoes], ["v4c"])
        self.assertFalse(
            [p for p in run_rule("column_freshness", self.four) if p.severity == "veto"]
        )


class BlankColumnGraceTests(TestCase):
    """A newly opened site is not failed on day one (#21.6)."""

    @classmethod
    def setUpTestData(cls):
        cls.new, *_rest = build(
            "newsite",
            *[(f"c{i}", "policy") for i in range(5)],
            opened=TODAY - datetime.timedelta(days=29),
        )
        cls.month, *_rest = build(
            "monthsite",
            *[(f"c{i}", "policy") for i in range(5)],
            opened=TODAY - datetime.timedelta(days=30),
        )

    def test_columns_within_the_grace_period_are_not_blank(self):
        self.assertEqual(run_rule("column_freshness", self.new), [])
        month = run_rule("column_freshness", self.month)
        self.assertEqual(sorted(p.fingerprint for p in month), ["blank"] * 5 + ["v4c"])

    @override_settings(INSPECTION_BLANK_COLUMN_GRACE_DAYS=10)
    def test_grace_period_is_a_setting(self):
        self.assertIn(
            "v4c", [p.fingerprint for p in run_rule("column_freshness", self.new)]
        )

    def test_columns_opened_after_the_as_of_day_are_not_judged(self):
        before = TODAY - datetime.timedelta(days=400)
        self.assertEqual(run_rule("column_freshness", self.month, before), [])


class ContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.column,), cls.org = build("text")
        SensitiveWord.objects.create(word="禁用词")
        CommonMisspelling.objects.get_or_create(
            wrong="既使", defaults={"correct": "即使"}
        )
        cls.page = document(cls.column, cls.org)

    def _problems(self, html):
        set_body(self.page, html)
        return run_rule("content", self.profile)

    def test_valid_resident_id_is_reported_masked(self):
        problems = self._problems(f"<p>身份证号{VALID_ID}，住址略。</p>")
        ids = [p for p in problems if p.fingerprint.startswith("personal_data")]
        self.assertEqual(len(ids), 1)
        self.assertEqual(ids[0].indicator, Indicator.D7)
        for text in (ids[0].message, ids[0].evidence, ids[0].fingerprint):
            self.assertNotIn(VALID_ID, text)
        self.assertIn("110105********002X", ids[0].evidence)

    def test_invalid_checksum_is_not_an_id(self):
        problems = self._problems(f"<p>编号{INVALID_ID}。</p>")
        self.assertFalse([p for p in problems if "personal_data" in p.fingerprint])

    def test_mobile_and_luhn_card(self):
        problems = self._problems(f"<p>电话13812345678，卡号{CARD}。</p>")
        personal = [p for p in problems if "personal_data" in p.fingerprint]
        self.assertEqual(len(personal), 2)
        self.assertFalse(any("13812345678" in p.evidence for p in personal))
        self.assertFalse(any(CARD in p.evidence for p in personal))
        problems = self._problems(f"<p>编号{NOT_CARD}。</p>")
        self.assertFalse([p for p in problems if "personal_data" in p.fingerprint])

    def test_personal_data_in_an_attachments_text(self):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        attachment = get_document_model().objects.create(
            title="名单",
            file=ContentFile(f"获奖名单：张三 {VALID_ID}".encode(), name="list.txt"),
        )
        problems = self._problems(
            f'<p><a linktype="document" id="{attachment.pk}">名单</a></p>'
        )
        (found,) = [p for p in problems if "personal_data" in p.fingerprint]
        self.assertIn(f"attachment:{attachment.pk}", found.fingerprint)
        self.assertNotIn(VALID_ID, found.evidence + found.message)

    def test_sensitive_word_vetoes_and_misspelling_deducts(self):
        problems = self._problems("<p>既使如此，也不得出现禁用词。</p>")
        kinds = {(p.indicator, p.severity) for p in problems}
        self.assertIn((Indicator.V1, Severity.VETO), kinds)
        self.assertIn((Indicator.D7, Severity.DEDUCTION), kinds)
        self.assertEqual(self._problems("<p>即使如此。</p>"), [])


class DisclosureRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.column,), cls.org = build("disc")
        # The expiry date is the last valid day (docs/domain.md b1).
        cls.expired = document(
            cls.column,
            cls.org,
            title="到期文件",
            expiry_date=TODAY - datetime.timedelta(days=1),
        )
        cls.running = document(
            cls.column,
            cls.org,
            title="有效文件",
            expiry_date=TODAY,
        )
        cls.needs = document(cls.column, cls.org, requires_interpretation=True)

    def test_expired_still_valid(self):
        problems = run_rule("expired_still_valid", self.profile)
        self.assertEqual([p.page_id for p in problems], [self.expired.pk])
        before = TODAY - datetime.timedelta(days=1)
        self.assertEqual(run_rule("expired_still_valid", self.profile, before), [])

    def test_missing_interpretation(self):
        problems = run_rule("missing_interpretation", self.profile)
        self.assertEqual([p.page_id for p in problems], [self.needs.pk])
        self.assertEqual(problems[0].indicator, Indicator.D4)


class ReachabilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("probe")

    def _probes(self, total, failed, *, days_ago=0):
        start, _end = probe_window(today=TODAY)
        moment = at(TODAY - datetime.timedelta(days=days_ago))
        ProbeResult.objects.bulk_create(
            ProbeResult(
                site=self.profile,
                url="https://probe.localhost/",
                checked_at=max(moment, start),
                ok=i >= failed,
            )
            for i in range(total)
        )

    def _vetoes(self):
        problems = run_rule("reachability", self.profile)
        return [p for p in problems if p.severity == Severity.VETO]

    def test_five_percent_of_failed_probes_vetoes(self):
        self._probes(140, 7)
        self.assertEqual(len(self._vetoes()), 1)

    def test_below_five_percent_passes(self):
        self._probes(140, 6)
        self.assertEqual(self._vetoes(), [])
        self.assertEqual(run_rule("reachability", self.profile), [])

    def test_probes_older_than_seven_days_do_not_count(self):
        self._probes(140, 0)
        self._probes(20, 20, days_ago=8)
        ProbeResult.objects.filter(ok=False).update(
            checked_at=at(TODAY - datetime.timedelta(days=8))
        )
        self.assertEqual(self._vetoes(), [])

    def test_too_few_probes_is_advice(self):
        self._probes(10, 0)
        problems = run_rule("reachability", self.profile)
        self.assertEqual([p.severity for p in problems], [Severity.ADVICE])

    def test_running_site_without_primary_domain_is_unreachable(self):
        # All probes succeeded before the primary flag was lost (issue 13.1).
        self._probes(140, 0)
        domain = self.profile.domains.get()
        self.profile.domains.update(is_primary=False)
        try:
            response = self.client.get("/", HTTP_HOST="probe.localhost")
            self.assertEqual(response.status_code, 400)
            vetoes = self._vetoes()
        finally:
            # PostgreSQL's deferred check (migration 0002) would refuse this
            # state when the test case checks constraints at its end.
            type(domain).objects.filter(pk=domain.pk).update(is_primary=True)
        self.assertEqual([p.fingerprint for p in vetoes], ["no-primary-domain"])
        self.assertEqual(vetoes[0].indicator, Indicator.V2)


class FooterIdentityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from site_registry.models import SiteProfile

        cls.profile, *_rest = build("foot")
        SiteProfile.objects.filter(pk=cls.profile.pk).update(
            phone="0531-12345678",
            email="web@example.gov.cn",
            address="示范市政务大道1号",
            icp_number="鲁ICP备12345678号-1",
            police_number="鲁公网安备37010212345678号",
        )
        cls.profile.refresh_from_db()

    def test_complete_registry_entry_passes(self):
        self.assertEqual(run_rule("footer_identity", self.profile), [])

    def test_missing_registry_item_is_reported(self):
        self.profile.phone = ""
        problems = run_rule("footer_identity", self.profile)
        self.assertEqual([p.indicator for p in problems], [Indicator.D8])
        self.assertIn("联系电话", problems[0].message)
