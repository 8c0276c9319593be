"""Online interviews in the admin: schedule, warning, moderation, ending, overdue."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from interaction.choices import InterviewStatus, Moderation
from interaction.models import Interview, InterviewQuestion
from interaction.rules import INTERVIEW_NOTICE_DAYS
from site_registry import roles
from tests.admin_forms import browser_form_data, page_errors
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified
from workdays.calendar import add_working_days, working_days_between

HOST = {"HTTP_HOST": "www.city.localhost"}
SHANGHAI = ZoneInfo("Asia/Shanghai")
WARNING = "访谈应至少提前3个工作日预告"


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def make_interview(site, slug="zhengwu", **values):
    start = values.pop("starts_at", timezone.now() + datetime.timedelta(days=30))
    return Interview.objects.create(
        site=site,
        slug=slug,
        title=values.pop("title", "优化营商环境在线访谈"),
        topic="营商环境",
        guests="张三，示范市发展和改革委员会主任",
        starts_at=start,
        ends_at=values.pop("ends_at", start + datetime.timedelta(hours=2)),
        **values,
    )


def ask(interview, content, **values):
    return InterviewQuestion.objects.create(
        interview=interview,
        content=content,
        submitted_at=values.pop("submitted_at", timezone.now()),
        **values,
    )


class InterviewAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.city, cls.fgw, cls.jyj = open_city()
        cls.editor = users.create_user("fgw-ed", password="pw-12345-abcdef")
        cls.editor.groups.add(cls.fgw.editors_group)
        cls.other_editor = users.create_user("jyj-ed", password="pw-12345-abcdef")
        cls.other_editor.groups.add(cls.jyj.editors_group)
        cls.auditor = users.create_user("aud", password="pw-12345-abcdef")
        cls.auditor.groups.add(Group.objects.get(name=roles.AUDITOR_GROUP))
        cls.office = users.create_user("office", password="pw-12345-abcdef")
        cls.office.groups.add(Group.objects.get(name=roles.OFFICE_GROUP))

    def setUp(self):
        # Every request on the city's admin host, the form fetch included.
        self.client.defaults.update(HOST)

    def login(self, user):
        login_verified(self.client, user)

    def post_form(self, url, **overrides):
        return self.client.post(url, browser_form_data(self.client, url, **overrides))

    # --- schedule ---

    def _create(self, starts_at, **overrides):
        url = reverse("interaction_interview:add")
        local = timezone.localtime(starts_at)
        end = local + datetime.timedelta(hours=2)
        fields = {
            "site": str(self.fgw.pk),
            "title": "优化营商环境在线访谈",
            "slug": "yingshang",
            "topic": "优化营商环境政策解读",
            "guests": "张三，示范市发展和改革委员会主任\n李四，副主任",
            "starts_at": local.strftime("%Y-%m-%d %H:%M"),
            "ends_at": end.strftime("%Y-%m-%d %H:%M"),
            "video_url": "https://video.example.gov.cn/live/1",
            "is_published": "on",
        }
        return self.post_form(url, **{**fields, **overrides})

    def test_create_edit_and_resave_unchanged(self):
        self.login(self.editor)
        photo = Image.objects.create(
            title="访谈现场", file=get_test_image_file(), collection=self.fgw.collection
        )
        start = at(add_working_days(timezone.localdate(), 10), 10)
        response = self._create(
            start,
            **{
                "images-TOTAL_FORMS": "1",
                "images-INITIAL_FORMS": "0",
                "images-0-image": str(photo.pk),
                "images-0-caption": "访谈现场",
                "images-0-ORDER": "1",
                "images-0-id": "",
            },
        )
        self.assertEqual(
            response.status_code, 302, page_errors(response.content.decode())
        )
        interview = Interview.objects.get(slug="yingshang")
        self.assertEqual(
            list(interview.images.values_list("image", "caption")),
            [(photo.pk, "访谈现场")],
        )
        self.assertEqual(interview.site, self.fgw)
        self.assertEqual(interview.starts_at, start)
        self.assertEqual(interview.status, InterviewStatus.PLANNED)
        # Publishing is the announcement: its time is recorded.
        self.assertIsNotNone(interview.announced_at)
        page = self.client.get(response["Location"], **HOST)
        self.assertNotContains(page, WARNING)

        edit = reverse("interaction_interview:edit", args=[interview.pk])
        response = self.post_form(edit, summary="访谈介绍了营商环境的新政策。")
        self.assertEqual(
            response.status_code, 302, page_errors(response.content.decode())
        )
        interview.refresh_from_db()
        self.assertEqual(interview.summary, "访谈介绍了营商环境的新政策。")
        announced = interview.announced_at

        before = dict(Interview.objects.filter(pk=interview.pk).values()[0])
        response = self.post_form(edit)
        self.assertEqual(
            response.status_code, 302, page_errors(response.content.decode())
        )
        after = dict(Interview.objects.filter(pk=interview.pk).values()[0])
        before.pop("updated_at"), after.pop("updated_at")
        self.assertEqual(before, after)
        self.assertEqual(interview.announced_at, announced)
        self.assertEqual(interview.images.count(), 1)

    def test_short_notice_is_a_warning_not_a_refusal(self):
        self.login(self.editor)
        start = at(add_working_days(timezone.localdate(), 1), 15)
        self.assertLess(
            working_days_between(timezone.localdate(), start.date()),
            INTERVIEW_NOTICE_DAYS,
        )
        response = self._create(start)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Interview.objects.filter(slug="yingshang").exists())
        page = self.client.get(response["Location"], **HOST)
        self.assertContains(page, WARNING)
        # The edit page keeps saying so while the notice is short.
        interview = Interview.objects.get(slug="yingshang")
        edit = self.client.get(
            reverse("interaction_interview:edit", args=[interview.pk]), **HOST
        )
        self.assertContains(edit, WARNING)

    def test_bad_input_is_refused_in_chinese_and_nothing_saved(self):
        self.login(self.editor)
        start = at(add_working_days(timezone.localdate(), 10), 10)
        response = self._create(start, video_url="ftp://video.example.gov.cn/1")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "视频链接只能是 http 或 https 网址。",
            page_errors(response.content.decode()),
        )
        response = self._create(
            start,
            ends_at=(start - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        )
        self.assertIn(
            "结束时间应晚于开始时间。", page_errors(response.content.decode())
        )
        self.assertFalse(Interview.objects.exists())

    def test_editor_cannot_place_an_interview_on_another_site(self):
        self.login(self.editor)
        start = at(add_working_days(timezone.localdate(), 10), 10)
        response = self._create(start, site=str(self.jyj.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Interview.objects.exists())

    def test_who_sees_what(self):
        own = make_interview(self.fgw, title="发改委访谈")
        other = make_interview(self.jyj, title="教育局访谈")
        index = reverse("interaction_interview:index")

        self.login(self.editor)
        response = self.client.get(index, **HOST)
        self.assertContains(response, "发改委访谈")
        self.assertNotContains(response, "教育局访谈")
        for name in ("edit", "inspect", "delete"):
            url = reverse(f"interaction_interview:{name}", args=[other.pk])
            self.assertEqual(self.client.get(url, **HOST).status_code, 404, name)
        status = reverse("interaction_interview:status", args=[other.pk])
        self.assertEqual(self.client.post(status, **HOST).status_code, 404)

        self.login(self.auditor)
        response = self.client.get(index, **HOST)
        self.assertContains(response, "发改委访谈")
        self.assertContains(response, "教育局访谈")
        inspect = reverse("interaction_interview:inspect", args=[own.pk])
        self.assertEqual(self.client.get(inspect, **HOST).status_code, 200)
        edit = reverse("interaction_interview:edit", args=[own.pk])
        self.assertNotEqual(self.client.get(edit, **HOST).status_code, 200)
        self.assertNotEqual(
            self.client.get(reverse("interaction_interview:add"), **HOST).status_code,
            200,
        )

        self.login(self.office)
        edit = reverse("interaction_interview:edit", args=[other.pk])
        self.assertEqual(self.client.get(edit, **HOST).status_code, 200)

    # --- moderation ---

    def test_moderation_and_answers(self):
        interview = make_interview(self.fgw, status=InterviewStatus.LIVE)
        question = ask(interview, "小微企业的贷款贴息怎么申请？")
        self.login(self.editor)
        url = reverse("interaction_interview_question:edit", args=[question.pk])

        response = self.post_form(url, moderation=Moderation.APPROVED)
        self.assertEqual(response.status_code, 302)
        question.refresh_from_db()
        self.assertEqual(question.moderation, Moderation.APPROVED)
        self.assertIsNone(question.answered_at)

        response = self.post_form(
            url,
            answer="可在政务服务网在线申请。",
            answered_by="张三",
            answered_live="on",
        )
        self.assertEqual(response.status_code, 302)
        question.refresh_from_db()
        self.assertTrue(question.answered_live)
        self.assertIsNotNone(question.answered_at)

        rejected = ask(interview, "无关内容")
        url = reverse("interaction_interview_question:edit", args=[rejected.pk])
        response = self.post_form(
            url, moderation=Moderation.REJECTED, answer="不应答复"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "答复的问题须先审核通过。", page_errors(response.content.decode())
        )
        response = self.post_form(url, moderation=Moderation.REJECTED)
        self.assertEqual(response.status_code, 302)
        rejected.refresh_from_db()
        self.assertEqual(rejected.moderation, Moderation.REJECTED)

    def test_other_sites_editor_cannot_moderate(self):
        interview = make_interview(self.fgw)
        question = ask(interview, "问题内容一二三")
        self.login(self.other_editor)
        url = reverse("interaction_interview_question:edit", args=[question.pk])
        self.assertEqual(self.client.get(url, **HOST).status_code, 404)
        self.assertEqual(
            self.client.post(url, {"moderation": "approved"}, **HOST).status_code, 404
        )
        question.refresh_from_db()
        self.assertEqual(question.moderation, Moderation.PENDING)
        index = self.client.get(reverse("interaction_interview_question:index"), **HOST)
        self.assertNotContains(index, "问题内容一二三")

    # --- ending and follow-up ---

    def test_ending_sets_due_dates_across_the_national_day_holiday(self):
        interview = make_interview(
            self.fgw,
            starts_at=at(datetime.date(2025, 9, 30), 9),
            ends_at=at(datetime.date(2025, 9, 30), 11),
            status=InterviewStatus.LIVE,
        )
        open_question = ask(interview, "未答复的问题", moderation=Moderation.APPROVED)
        answered = ask(
            interview,
            "现场答复的问题",
            moderation=Moderation.APPROVED,
            answer="已答复。",
            answered_live=True,
        )
        pending = ask(interview, "待审核的问题")
        self.login(self.editor)
        url = reverse("interaction_interview:status", args=[interview.pk])
        self.assertContains(self.client.get(url, **HOST), "结束访谈")
        response = self.client.post(url, **HOST)
        self.assertEqual(response.status_code, 302)
        interview.refresh_from_db()
        self.assertEqual(interview.status, InterviewStatus.FINISHED)

        expected = add_working_days(datetime.date(2025, 9, 30), 5)
        # 1–8 Oct are off, Saturday 11 Oct is a make-up working day.
        self.assertEqual(expected, datetime.date(2025, 10, 14))
        open_question.refresh_from_db()
        answered.refresh_from_db()
        pending.refresh_from_db()
        self.assertEqual(open_question.due_date, expected)
        self.assertIsNone(answered.due_date)
        self.assertIsNone(pending.due_date)

        # Approved after the end: the same due date.
        edit = reverse("interaction_interview_question:edit", args=[pending.pk])
        self.post_form(edit, moderation=Moderation.APPROVED)
        pending.refresh_from_db()
        self.assertEqual(pending.due_date, expected)

    def test_overdue_list(self):
        today = timezone.localdate()
        interview = make_interview(self.fgw, status=InterviewStatus.FINISHED)
        other = make_interview(self.jyj, status=InterviewStatus.FINISHED)
        approved = {"moderation": Moderation.APPROVED}
        ask(
            interview,
            "逾期的问题",
            due_date=today - datetime.timedelta(days=3),
            **approved,
        )
        ask(interview, "快到期的问题", due_date=add_working_days(today, 1), **approved)
        ask(interview, "还早的问题", due_date=add_working_days(today, 4), **approved)
        ask(
            interview,
            "已答复的问题",
            due_date=today - datetime.timedelta(days=3),
            answer="答复",
            **approved,
        )
        ask(
            other,
            "别的网站的问题",
            due_date=today - datetime.timedelta(days=3),
            **approved,
        )
        self.login(self.editor)
        response = self.client.get(
            reverse("interaction_interview_question:overdue"), **HOST
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("逾期的问题", html)
        self.assertIn("已逾期", html)
        self.assertIn("快到期的问题", html)
        self.assertIn("即将到期", html)
        self.assertNotIn("还早的问题", html)
        self.assertNotIn("已答复的问题", html)
        self.assertNotIn("别的网站的问题", html)
