"""申请办理 in the admin through its real path: scoped list, the application's
page with clocks and log, transitions posted as the browser posts them, the
auditor's read-only view and the audit-log entry for viewing personal data."""

from __future__ import annotations

from datetime import date

from django.contrib.staticfiles import finders
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.choices import Channel, Outcome, ReplyType, Status
from applications.services import handling
from applications.views.handling_forms import FORMS
from tests.admin_forms import form_fields
from tests.applications.factories import make_application, make_user
from tests.applications.handling_helpers import People
from tests.two_factor import login_verified

INDEX = "applications_handling:index"


def inspect_url(application):
    return reverse("applications_handling:inspect", args=[application.pk])


def act_url(application, name):
    return reverse("applications_handling:act", args=[application.pk, name])


def make_user_with_admin():
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def test_every_transition_has_its_form():
    assert set(FORMS) == set(handling.TRANSITIONS)


class HandlingAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = People()
        today = timezone.localdate()
        cls.mine = make_application(
            cls.people.organization,
            received_on=today,
            info_title="2025年财政预算执行情况",
            name="李四",
            id_number="110101199003070011",
        )
        cls.mailed = make_application(
            cls.people.organization,
            received_on=today,
            channel=Channel.REGISTERED_MAIL,
            status=Status.IN_PROGRESS,
        )
        cls.theirs = make_application(
            cls.people.other_office.organization, received_on=today
        )

    def login(self, user):
        self.client.logout()
        login_verified(self.client, user)

    def post_form(self, application, name, **values):
        """Fetch the application's page, fill in the transition's form, post it."""
        page = self.client.get(inspect_url(application))
        self.assertEqual(page.status_code, 200)
        data = form_fields(
            page.content.decode(),
            form_selector=f'form[data-application-action="{name}"]',
        )
        self.assertIn("csrfmiddlewaretoken", data)
        for key, value in values.items():
            data[f"{name}-{key}"] = value
        return self.client.post(act_url(application, name), data, follow=True)

    def test_list_shows_only_the_organs_applications_with_filters_and_search(self):
        self.login(self.people.clerk)
        response = self.client.get(reverse(INDEX))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.mine.registration_number)
        self.assertNotContains(response, self.theirs.registration_number)
        response = self.client.get(reverse(INDEX), {"status": Status.IN_PROGRESS})
        self.assertContains(response, self.mailed.registration_number)
        self.assertNotContains(response, self.mine.registration_number)
        response = self.client.get(reverse(INDEX), {"channel": Channel.REGISTERED_MAIL})
        self.assertContains(response, self.mailed.registration_number)
        self.assertNotContains(response, self.mine.registration_number)
        response = self.client.get(reverse(INDEX), {"q": "财政预算"})
        self.assertContains(response, self.mine.registration_number)
        self.assertNotContains(response, self.mailed.registration_number)
        response = self.client.get(
            reverse(INDEX), {"q": self.mailed.registration_number}
        )
        self.assertContains(response, self.mailed.registration_number)
        self.assertNotContains(response, self.mine.registration_number)
        year = timezone.localdate().year
        response = self.client.get(reverse(INDEX), {"year": year})
        self.assertContains(response, self.mine.registration_number)
        response = self.client.get(reverse(INDEX), {"year": year - 1})
        self.assertNotContains(response, self.mine.registration_number)

    def test_other_organs_clerk_gets_nothing(self):
        self.login(self.people.other_clerk)
        self.assertEqual(self.client.get(inspect_url(self.mine)).status_code, 404)
        response = self.client.post(
            act_url(self.mine, "not_process"),
            {"not_process-outcome": Outcome.NOT_PROCESSED_PETITION},
        )
        self.assertEqual(response.status_code, 404)
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, Status.REGISTERED)
        self.assertFalse(
            ModelLogEntry.objects.filter(
                user=self.people.other_clerk,
                action="applications.view_personal_data",
            ).exists()
        )

    def test_page_shows_applicant_clocks_and_log_and_is_audited(self):
        self.login(self.people.clerk)
        response = self.client.get(inspect_url(self.mine))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for text in (
            "李四",
            "110101199003070011",
            "2025年财政预算执行情况",
            "办理记录",
        ):
            self.assertIn(text, html)
        self.assertIn(self.mine.due_date.isoformat(), html)
        self.assertNotIn("统一社会信用代码", html)  # a person: left out, empty
        self.assertIn('data-application-action="extend"', html)
        # The answer form groups the outcome rows under the reply types; the
        # script offers only the group of the chosen type.
        self.assertIn('<optgroup label="部分公开">', html)
        self.assertIn("applications/answer-outcomes.js", html)
        self.assertIsNotNone(finders.find("applications/answer-outcomes.js"))
        entry = ModelLogEntry.objects.get(action="applications.view_personal_data")
        self.assertEqual(
            entry.data["registration_number"], self.mine.registration_number
        )
        self.assertEqual(
            (entry.user, entry.object_id), (self.people.clerk, str(self.mine.pk))
        )
        self.assertEqual(entry.label, str(self.mine))

    def test_extend_through_the_form_then_answer(self):
        self.login(self.people.clerk)
        response = self.post_form(
            self.mine,
            "extend",
            days="10",
            approver=str(self.people.head.pk),
            reason="涉及多个部门的档案",
        )
        self.assertContains(response, "已完成“延期答复”")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, Status.EXTENDED)
        self.assertEqual(self.mine.extension_approver, self.people.head)
        # The form no longer offers a second extension.
        self.assertNotIn('data-application-action="extend"', response.content.decode())

        response = self.post_form(
            self.mine,
            "answer",
            reply_type=ReplyType.PARTIAL,
            outcome=Outcome.PARTIAL,
            note="部分内容涉及第三方商业秘密",
        )
        self.assertContains(response, "已完成“答复”")
        self.mine.refresh_from_db()
        self.assertEqual(
            (self.mine.status, self.mine.reply_type, self.mine.outcome),
            (Status.ANSWERED, ReplyType.PARTIAL, Outcome.PARTIAL),
        )
        log = [
            (e.action, e.actor, e.from_status, e.to_status)
            for e in self.mine.events.order_by("pk")
        ]
        self.assertEqual(
            log[1:],
            [
                ("extended", self.people.clerk, Status.REGISTERED, Status.EXTENDED),
                ("answered", self.people.clerk, Status.EXTENDED, Status.ANSWERED),
            ],
        )
        self.assertNotIn("data-application-action", response.content.decode())

    def test_a_wrong_approver_and_a_mismatched_outcome_are_refused(self):
        self.login(self.people.clerk)
        response = self.post_form(
            self.mine,
            "extend",
            days="10",
            approver=str(self.people.other_head.pk),
            reason="涉及多个部门的档案",
        )
        self.assertContains(response, "批准人")
        response = self.post_form(
            self.mine,
            "answer",
            reply_type=ReplyType.PARTIAL,
            outcome=Outcome.DISCLOSED,
        )
        self.assertContains(response, "办理结果与答复类型“部分公开”不符")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, Status.REGISTERED)
        self.assertEqual(self.mine.events.count(), 1)

    def test_auditor_reads_everything_and_changes_nothing(self):
        self.login(self.people.auditor)
        response = self.client.get(reverse(INDEX))
        self.assertContains(response, self.mine.registration_number)
        self.assertContains(response, self.theirs.registration_number)
        response = self.client.get(inspect_url(self.theirs))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("data-application-action", html)
        self.assertIn("审计人员只能查看，不能办理。", html)
        self.assertTrue(
            ModelLogEntry.objects.filter(
                user=self.people.auditor, action="applications.view_personal_data"
            ).exists()
        )
        response = self.client.post(
            act_url(self.theirs, "answer"),
            {
                "answer-reply_type": ReplyType.DISCLOSED,
                "answer-outcome": Outcome.DISCLOSED,
            },
        )
        # Wagtail answers a PermissionDenied in the admin with a redirect home.
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.status, Status.REGISTERED)
        self.assertEqual(self.theirs.events.count(), 1)

    def test_a_user_without_a_role_gets_nothing(self):
        self.login(make_user_with_admin())
        self.assertNotEqual(self.client.get(reverse(INDEX)).status_code, 200)
        self.assertNotEqual(self.client.get(inspect_url(self.mine)).status_code, 200)

    def test_date_inputs_are_validated_server_side(self):
        self.login(self.people.clerk)
        response = self.post_form(
            self.mine, "request_correction", deadline="not-a-date", note="请补充文号"
        )
        self.assertContains(response, "补正期限")
        response = self.post_form(
            self.mine,
            "request_correction",
            deadline=date(2000, 1, 1).isoformat(),
            note="请补充文号",
        )
        self.assertContains(response, "补正期限应晚于今天")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, Status.REGISTERED)
