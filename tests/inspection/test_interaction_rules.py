"""V5 (互动回应差) and D5 (互动交流) read from the interaction platform (#16)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from inspection.choices import Indicator, Severity
from inspection.models import Finding, SiteScore
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from interaction.choices import (
    ChannelKind,
    ConsultationKind,
    InterviewStatus,
    MessageStatus,
    Moderation,
)
from interaction.models import (
    Channel,
    Consultation,
    Interview,
    InterviewQuestion,
    Message,
)
from interaction.rules import due_date_for, new_query_code
from interaction.selectors.v5 import overdue_v5_messages
from tests.inspection.helpers import build

TODAY = datetime.date(2026, 6, 30)
SHANGHAI = timezone.get_default_timezone()


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


AS_OF = local(2026, 6, 30)  # the start of the inspection day


def make_channel(profile, kind=ChannelKind.CONSULTATION, slug="zxzx", **values):
    # update: an opened site already has its default 政务咨询 channel (zxzx).
    return Channel.objects.update_or_create(
        site=profile,
        slug=slug,
        defaults={"kind": kind, "name": str(kind.label), **values},
    )[0]


def make_message(channel, title, received, answered=None, **values):
    status = values.pop(
        "status", MessageStatus.ANSWERED if answered else MessageStatus.RECEIVED
    )
    return Message.objects.create(
        site=channel.site,
        channel=channel,
        title=title,
        content="内容",
        query_code=new_query_code(),
        status=status,
        received_at=received,
        due_date=due_date_for(received, channel.answer_days),
        answered_at=answered,
        answer="答复" if answered else "",
        **values,
    )


def run(rule_name, profile, today=TODAY):
    rule = get_rule(rule_name)
    return list(rule.check(site=profile, context=InspectionContext(today)))


# (title, received, answered, status, on the petition channel, flagged)
V5_CASES = [
    ("恰好三个月未答复", local(2026, 3, 30), None, None, False, False),
    ("三个月零一天未答复", local(2026, 3, 29, 10), None, None, False, True),
    ("超期答复", local(2026, 1, 10, 10), local(2026, 4, 11, 10), None, False, True),
    ("按期答复", local(2026, 1, 10, 10), local(2026, 4, 10, 10), None, False, False),
    ("恰好十二个月前收到", local(2025, 6, 30), None, None, False, True),
    ("十二个月零一天前收到", local(2025, 6, 29, 10), None, None, False, False),
    ("无效来信", local(2026, 1, 5), None, MessageStatus.INVALID, False, False),
    ("网上信访", local(2026, 1, 5), None, None, True, False),
    # A reply given after the as-of day counts as no reply yet.
    ("检查日后才答复", local(2026, 3, 1), local(2026, 7, 5), None, False, True),
    # Received after the as-of moment: not looked at.
    ("检查日后收到", local(2026, 6, 30, 9), None, None, False, False),
]


class V5RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("vfive")
        cls.channel = make_channel(cls.profile)
        cls.petition = make_channel(cls.profile, kind=ChannelKind.PETITION, slug="xf")
        cls.messages = {}
        for title, received, answered, status, petition, _flag in V5_CASES:
            values = {"status": status} if status else {}
            channel = cls.petition if petition else cls.channel
            cls.messages[title] = make_message(
                channel, title, received, answered, **values
            )

    def test_boundaries(self):
        problems = run("interaction_response", self.profile)
        flagged = {p.fingerprint for p in problems}
        for title, *_rest, expected in V5_CASES:
            with self.subTest(title):
                key = f"message:{self.messages[title].pk}"
                self.assertEqual(key in flagged, expected)
        self.assertEqual(len(problems), sum(case[-1] for case in V5_CASES))
        self.assertTrue(all(p.severity == Severity.VETO for p in problems))
        self.assertTrue(all(p.indicator == Indicator.V5 for p in problems))

    def test_a_finding_names_the_message_and_links_to_its_admin_screen(self):
        message = self.messages["三个月零一天未答复"]
        (problem,) = [
            p
            for p in run("interaction_response", self.profile)
            if p.fingerprint == f"message:{message.pk}"
        ]
        self.assertIn("三个月零一天未答复", problem.message)
        self.assertIn("2026-03-29", problem.message)
        self.assertIn("92天", problem.message)
        self.assertTrue(
            problem.link.endswith(f"/admin/interaction/messages/inspect/{message.pk}/")
        )

    def test_late_answer_names_its_date(self):
        message = self.messages["超期答复"]
        (row,) = [r for r in overdue_v5_messages(as_of=AS_OF) if r.pk == message.pk]
        self.assertEqual(row.days_unanswered, 91)

    def test_the_cluster_is_read_in_one_query(self):
        other, *_rest = build("vfiveb")
        make_channel(other)
        context = InspectionContext(TODAY)
        rule = get_rule("interaction_response")
        list(rule.check(site=self.profile, context=context))
        with self.assertNumQueries(0):
            self.assertEqual(list(rule.check(site=other, context=context)), [])

    def test_a_site_without_a_counting_channel_is_vetoed_once(self):
        lonely, *_rest = build("lonely")
        # Its default 政务咨询 channel (open_site) closed: none counts any more.
        Channel.objects.filter(site=lonely).update(is_active=False)
        make_channel(lonely, kind=ChannelKind.PETITION, slug="xf")
        make_channel(lonely, slug="closed", is_active=False)
        problems = run("interaction_response", lonely)
        self.assertEqual([p.fingerprint for p in problems], ["no-channel"])
        self.assertEqual(problems[0].severity, Severity.VETO)


class D5RuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("dfive")
        channel = make_channel(cls.profile)
        received = local(2026, 5, 4, 9)
        cls.complete = make_message(
            channel,
            "完整答复",
            received,
            local(2026, 5, 6),
            is_published=True,
            answer_department="市教育局",
        )
        cls.no_unit = make_message(
            channel, "缺少回复单位", received, local(2026, 5, 6), is_published=True
        )
        cls.no_time = make_message(
            channel,
            "缺少回复时间",
            received,
            None,
            status=MessageStatus.ANSWERED,
            is_published=True,
            answer_department="市教育局",
        )
        make_message(channel, "未公开", received, local(2026, 5, 6))

        def consultation(slug, ends, feedback="", **values):
            return Consultation.objects.create(
                site=cls.profile,
                title=f"征集{slug}",
                slug=slug,
                description="说明",
                starts_at=ends - datetime.timedelta(days=30),
                ends_at=ends,
                feedback=feedback,
                is_published=True,
                **values,
            )

        cls.closed = consultation("closed", local(2026, 6, 1))
        consultation("answered", local(2026, 6, 1), feedback="采纳了3条意见。")
        consultation("open", local(2026, 7, 15))
        consultation("survey", local(2026, 6, 1), kind=ConsultationKind.SURVEY)
        consultation("blank", local(2026, 6, 1), feedback="  \n")

        interview = Interview.objects.create(
            site=cls.profile,
            title="教育访谈",
            slug="jy",
            topic="话题",
            guests="嘉宾",
            starts_at=local(2026, 6, 10, 9),
            ends_at=local(2026, 6, 10, 11),
            status=InterviewStatus.FINISHED,
            is_published=True,
        )

        def question(due, moderation=Moderation.APPROVED, answer=""):
            return InterviewQuestion.objects.create(
                interview=interview,
                content="问题",
                submitted_at=local(2026, 6, 10, 10),
                moderation=moderation,
                answer=answer,
                due_date=due,
            )

        cls.late_question = question(datetime.date(2026, 6, 29))
        question(datetime.date(2026, 6, 30))  # due today: not late yet
        question(datetime.date(2026, 6, 17), answer="已答复")
        question(datetime.date(2026, 6, 17), moderation=Moderation.REJECTED)

    def test_findings(self):
        problems = run("interaction_quality", self.profile)
        self.assertEqual(
            sorted(p.fingerprint for p in problems),
            sorted(
                [
                    f"message:{self.no_unit.pk}",
                    f"message:{self.no_time.pk}",
                    f"consultation:{self.closed.pk}",
                    f"consultation:{Consultation.objects.get(slug='blank').pk}",
                    f"question:{self.late_question.pk}",
                ]
            ),
        )
        self.assertTrue(all(p.severity == Severity.DEDUCTION for p in problems))
        self.assertTrue(all(p.indicator == Indicator.D5 for p in problems))
        texts = " ".join(p.message for p in problems)
        self.assertIn("缺少回复单位", texts)
        self.assertIn("缺少回复时间", texts)
        self.assertIn("征集closed", texts)
        self.assertIn("2026-06-29", texts)

    def test_a_closed_solicitation_is_judged_as_of_the_day(self):
        fingerprints = {
            p.fingerprint
            for p in run("interaction_quality", self.profile, datetime.date(2026, 6, 1))
        }
        self.assertNotIn(f"consultation:{self.closed.pk}", fingerprints)


class InspectSitesCommandTests(TestCase):
    """The rules run through ``inspect_sites --as-of`` and V5 fails the site."""

    @classmethod
    def setUpTestData(cls):
        cls.profile, *_rest = build("vcmd")
        channel = make_channel(cls.profile)
        cls.message = make_message(channel, "久未答复", local(2026, 2, 1, 10))

    def inspect(self, day):
        call_command(
            "inspect_sites",
            "--site",
            self.profile.code,
            "--check",
            "interaction_response",
            "--check",
            "interaction_quality",
            "--as-of",
            day,
            "--no-progress",
            stdout=StringIO(),
        )
        return SiteScore.objects.filter(site=self.profile).latest("run__started_at")

    def test_as_of_decides_and_v5_fails_the_site(self):
        # 2026-05-01 is exactly 3 months after receipt day: not yet overdue.
        score = self.inspect("2026-05-01")
        self.assertFalse(score.vetoed)
        self.assertEqual(score.run.today, datetime.date(2026, 5, 1))
        score = self.inspect("2026-05-02")
        self.assertTrue(score.vetoed)
        self.assertFalse(score.passed)
        self.assertEqual(score.veto_indicators, ["V5"])
        finding = Finding.objects.get(site=self.profile, rule="interaction_response")
        self.assertIn("久未答复", finding.message)
        self.assertTrue(
            finding.public_url.endswith(
                f"/admin/interaction/messages/inspect/{self.message.pk}/"
            )
        )

    def test_a_bad_date_is_refused_in_chinese(self):
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            call_command("inspect_sites", "--as-of", "2026-13-01", "--no-progress")
