"""来信办理 in the admin, as handlers use it: scoped lists, the message page with
its log, action forms posted as the browser posts them, and the export (#16.4)."""

from __future__ import annotations

import datetime
import io

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core import timefmt
from interaction.choices import MessageStatus
from interaction.models import Message, MessageEvent
from interaction.services import handling
from tests.admin_forms import form_fields
from tests.interaction.handling_helpers import build_world, days_ago, message
from tests.two_factor import login_verified
from workdays.calendar import add_working_days

INDEX = "interaction_message:index"


def inspect_url(msg):
    return reverse("interaction_message:inspect", args=[msg.pk])


def act_url(msg, action):
    return reverse("interaction_message:act", args=[msg.pk, action])


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class HandlingAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()
        cls.msg_a = message(cls.w.channel_a, title="A站来信")
        cls.msg_b = message(cls.w.channel_b, title="B站来信")

    def login(self, user):
        self.client.logout()
        login_verified(self.client, user)

    def post_form(self, msg, action, **values):
        """Fetch the message page, fill in the action's form, post it."""
        page = self.client.get(inspect_url(msg))
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        data = form_fields(html, form_selector=f'form[data-message-action="{action}"]')
        self.assertIn("csrfmiddlewaretoken", data)
        for key, value in values.items():
            data[f"{action}-{key}"] = value
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(act_url(msg, action), data, follow=True)

    def test_the_whole_handling_through_the_forms(self):
        w, msg = self.w, self.msg_a
        self.login(w.editor_a)
        response = self.post_form(msg, "assign", department=w.dept1.pk, note="请办理")
        self.assertContains(response, "已完成“分办”")
        msg.refresh_from_db()
        self.assertEqual(
            (msg.status, msg.department), (MessageStatus.ASSIGNED, w.dept1)
        )
        self.assertEqual(mail.outbox[-1].to, ["handler1@example.gov.cn"])

        self.login(w.handler1)
        self.post_form(msg, "reply", answer="需要户口簿和房产证。")
        self.assertEqual(mail.outbox[-1].to, ["reviewer_a@example.gov.cn"])

        self.login(w.reviewer_a)
        self.post_form(msg, "return", note="请写明办理地点")
        msg.refresh_from_db()
        self.assertEqual(msg.status, MessageStatus.ASSIGNED)
        self.assertEqual(mail.outbox[-1].to, ["handler1@example.gov.cn"])

        self.login(w.handler1)
        page = self.client.get(inspect_url(msg))
        # The returned reply is in the form for the handler to revise.
        self.assertContains(page, "需要户口簿和房产证。")
        self.post_form(msg, "reply", answer="需要户口簿和房产证，到区教育局办理。")

        self.login(w.reviewer_a)
        self.post_form(msg, "approve")
        response = self.post_form(msg, "publish")
        msg.refresh_from_db()
        self.assertEqual(msg.status, MessageStatus.ANSWERED)
        self.assertTrue(msg.is_published and msg.answered_at)
        # The log on the page: who, when, what.
        html = response.content.decode()
        for text in (
            "editor_a",
            "handler1",
            "reviewer_a",
            "分办",
            "退回修改",
            "审核通过",
            "公开",
            "请写明办理地点",
        ):
            self.assertIn(text, html)
        self.assertEqual(msg.events.count(), 6)

    def test_wrong_state_or_refused_publication_shows_an_error_and_saves_nothing(self):
        w, msg = self.w, self.msg_a
        handling.assign(user=w.office, message=msg, department=w.dept1)
        self.login(w.editor_a)
        # A stale page: the assign form posted after someone else assigned it.
        response = self.client.post(
            act_url(msg, "assign"), {"assign-department": w.dept2.pk}, follow=True
        )
        self.assertContains(response, "来信当前状态为“办理中”，不能进行此操作。")
        msg.refresh_from_db()
        self.assertEqual(msg.department, w.dept1)

        Message.objects.filter(pk=msg.pk).update(content="身份证110101199003071233")
        handling.reply(user=w.handler1, message=msg, answer="已办")
        handling.approve(user=w.office, message=msg)
        self.login(w.reviewer_a)
        response = self.post_form(msg, "publish")
        self.assertContains(response, "须脱敏后才能公开")
        msg.refresh_from_db()
        self.assertFalse(msg.is_published)
        self.post_form(msg, "publish", mask="on")
        msg.refresh_from_db()
        self.assertTrue(msg.is_published)
        self.assertNotIn("110101199003071233", msg.content)

    def test_a_handler_cannot_approve_their_own_reply(self):
        w, msg = self.w, self.msg_a
        handling.assign(user=w.office, message=msg, department=w.dept1)
        handling.reply(user=w.handler1, message=msg, answer="答复")
        self.login(w.handler1)
        self.assertNotContains(
            self.client.get(inspect_url(msg)), 'data-message-action="approve"'
        )
        response = self.client.post(
            act_url(msg, "approve"), {"approve-note": ""}, follow=True
        )
        self.assertContains(response, "您没有权限办理这条来信。")
        msg.refresh_from_db()
        self.assertEqual(msg.status, MessageStatus.REPLIED)
        self.assertEqual(msg.events.count(), 2)

    def test_missing_reason_is_a_form_error(self):
        self.login(self.w.editor_a)
        response = self.post_form(self.msg_a, "extend", reason="")
        self.assertContains(response, "延期理由")
        self.msg_a.refresh_from_db()
        self.assertFalse(self.msg_a.extended)
        response = self.post_form(self.msg_a, "extend", reason="需要会商")
        self.assertContains(response, "已完成“延期”")
        self.msg_a.refresh_from_db()
        self.assertTrue(self.msg_a.extended)
        # No second extension offered; a forged post is refused.
        self.assertNotContains(
            self.client.get(inspect_url(self.msg_a)), 'data-message-action="extend"'
        )
        response = self.client.post(
            act_url(self.msg_a, "extend"), {"extend-reason": "再延"}, follow=True
        )
        self.assertContains(response, "已经延期过一次")

    def test_editor_sees_only_their_site(self):
        self.login(self.w.editor_a)
        listing = self.client.get(reverse(INDEX))
        self.assertContains(listing, "A站来信")
        self.assertNotContains(listing, "B站来信")
        self.assertEqual(self.client.get(inspect_url(self.msg_b)).status_code, 404)
        response = self.client.post(
            act_url(self.msg_b, "invalidate"), {"invalidate-reason": "spam"}
        )
        self.assertEqual(response.status_code, 404)
        self.msg_b.refresh_from_db()
        self.assertEqual(self.msg_b.status, MessageStatus.RECEIVED)

    def test_handler_sees_only_their_departments_messages(self):
        handling.assign(user=self.w.office, message=self.msg_a, department=self.w.dept2)
        self.login(self.w.handler1)
        listing = self.client.get(reverse(INDEX))
        self.assertNotContains(listing, "A站来信")
        self.assertEqual(self.client.get(inspect_url(self.msg_a)).status_code, 404)
        self.login(self.w.handler2)
        self.assertContains(self.client.get(reverse(INDEX)), "A站来信")
        page = self.client.get(inspect_url(self.msg_a))
        self.assertContains(page, 'data-message-action="reply"')
        self.assertNotContains(page, 'data-message-action="invalidate"')

    def test_office_sees_every_site(self):
        self.login(self.w.office)
        listing = self.client.get(reverse(INDEX))
        self.assertContains(listing, "A站来信")
        self.assertContains(listing, "B站来信")

    def test_auditor_reads_everything_and_changes_nothing(self):
        self.login(self.w.auditor)
        listing = self.client.get(reverse(INDEX))
        self.assertContains(listing, "A站来信")
        self.assertContains(listing, "B站来信")
        page = self.client.get(inspect_url(self.msg_a))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "data-message-action=")
        self.assertContains(page, "审计人员只能查看")
        response = self.client.post(
            act_url(self.msg_a, "assign"), {"assign-department": self.w.dept1.pk}
        )
        # Wagtail answers a PermissionDenied in the admin with a redirect home.
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.msg_a.refresh_from_db()
        self.assertEqual(self.msg_a.status, MessageStatus.RECEIVED)
        self.assertFalse(MessageEvent.objects.exists())

    def test_a_user_without_a_role_gets_nothing(self):
        from tests.interaction.handling_helpers import user

        self.login(user("nobody"))
        self.assertNotEqual(self.client.get(reverse(INDEX)).status_code, 200)
        self.assertNotEqual(self.client.get(inspect_url(self.msg_a)).status_code, 200)


class DeadlineListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()
        today = datetime.date.today()
        cls.late_a = message(
            cls.w.channel_a, title="超期A", due_date=today - datetime.timedelta(days=2)
        )
        cls.soon_a = message(
            cls.w.channel_a, title="将到期A", due_date=add_working_days(today, 1)
        )
        cls.later_a = message(
            cls.w.channel_a, title="远期A", due_date=add_working_days(today, 20)
        )
        cls.late_done = message(
            cls.w.channel_a,
            title="超期已答复",
            status=MessageStatus.ANSWERED,
            due_date=today - datetime.timedelta(days=3),
            received_at=days_ago(30),
        )
        cls.late_b = message(
            cls.w.channel_b, title="超期B", due_date=today - datetime.timedelta(days=2)
        )

    def setUp(self):
        login_verified(self.client, self.w.editor_a)

    def titles(self, response):
        html = response.content.decode()
        return {
            t for t in ("超期A", "将到期A", "远期A", "超期已答复", "超期B") if t in html
        }

    def test_overdue_and_due_soon_lists(self):
        url = reverse(INDEX)
        self.assertEqual(
            self.titles(self.client.get(url, {"due": "overdue"})), {"超期A"}
        )
        self.assertEqual(
            self.titles(self.client.get(url, {"due": "soon"})), {"将到期A"}
        )
        wide = self.client.get(url, {"due": "soon", "days": 30})
        self.assertEqual(self.titles(wide), {"将到期A", "远期A"})

    def test_filters(self):
        url = reverse(INDEX)
        response = self.client.get(url, {"status": "answered"})
        self.assertEqual(self.titles(response), {"超期已答复"})
        handling.assign(
            user=self.w.office, message=self.soon_a, department=self.w.dept2
        )
        response = self.client.get(url, {"department": self.w.dept2.pk})
        self.assertEqual(self.titles(response), {"将到期A"})

    def test_excel_export_obeys_scope_and_filters(self):
        response = self.client.get(reverse(INDEX), {"due": "overdue", "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:5], ("查询码", "网站", "渠道", "标题", "状态"))
        self.assertEqual([row[3] for row in rows[1:]], ["超期A"])
        row = rows[1]
        self.assertEqual(row[0], self.late_a.query_code)
        self.assertEqual(row[4], "待分办")
        self.assertEqual(row[7], self.late_a.due_date)
        # Times in Asia/Shanghai, as the admin shows them (core.timefmt).
        local = timefmt.local(self.late_a.received_at).replace(tzinfo=None)
        self.assertEqual(row[6].replace(microsecond=0), local.replace(microsecond=0))

        login_verified(self.client, self.w.office)
        response = self.client.get(reverse(INDEX), {"due": "overdue", "export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        titles = sorted(row[3] for row in list(sheet.iter_rows(values_only=True))[1:])
        self.assertEqual(titles, ["超期A", "超期B"])
