"""办理人员 in the admin: the office assigns a user to a department through the
form, which lets them into the admin to handle that department's messages."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from interaction.models import HandlerAssignment
from interaction.services.handlers import HANDLER_GROUP
from tests.admin_forms import form_fields
from tests.interaction.handling_helpers import build_world, message, user
from tests.two_factor import login_verified

ADD = "interaction_handlers:add"
MESSAGES = "interaction_message:index"


class HandlerAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = build_world()
        cls.msg = message(cls.w.channel_a, title="关于入学的咨询")
        cls.newcomer = user("newcomer")

    def test_office_assigns_a_handler_who_then_enters_the_admin(self):
        login_verified(self.client, self.w.office)
        page = self.client.get(reverse(ADD))
        self.assertEqual(page.status_code, 200)
        data = form_fields(page.content.decode(), form_selector="form[method=post]")
        data.update(user=self.newcomer.pk, organization=self.w.dept1.pk)
        response = self.client.post(reverse(ADD), data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            HandlerAssignment.objects.filter(
                user=self.newcomer, organization=self.w.dept1
            ).exists()
        )
        self.assertTrue(self.newcomer.groups.filter(name=HANDLER_GROUP).exists())

        self.client.logout()
        login_verified(self.client, self.newcomer)
        self.assertEqual(self.client.get(reverse(MESSAGES)).status_code, 200)

        # The last assignment removed: out of the admin again.
        HandlerAssignment.objects.filter(user=self.newcomer).delete()
        self.assertFalse(self.newcomer.groups.filter(name=HANDLER_GROUP).exists())
        response = self.client.get(reverse(MESSAGES))
        self.assertNotEqual(response.status_code, 200)

    def test_a_duplicate_assignment_is_refused_with_a_chinese_error(self):
        login_verified(self.client, self.w.office)
        page = self.client.get(reverse(ADD))
        data = form_fields(page.content.decode(), form_selector="form[method=post]")
        data.update(user=self.w.handler1.pk, organization=self.w.dept1.pk)
        response = self.client.post(reverse(ADD), data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            HandlerAssignment.objects.filter(user=self.w.handler1).count(), 1
        )

    def test_only_the_office_assigns(self):
        for account in (self.w.editor_a, self.w.auditor, self.w.handler1):
            self.client.logout()
            login_verified(self.client, account)
            response = self.client.post(
                reverse(ADD),
                {"user": self.newcomer.pk, "organization": self.w.dept1.pk},
            )
            self.assertNotEqual(response.status_code, 200, account)
            self.assertFalse(
                HandlerAssignment.objects.filter(user=self.newcomer).exists()
            )
