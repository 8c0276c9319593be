"""Per-site review workflows: first review → secrecy review (→ sign-off) → publish."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from disclosure_pages.models import DisclosureDocumentPage
from publishing.models import ReviewTask
from publishing.services import configure_site_workflow
from tests.publishing.helpers import build_site, make_document
from tests.two_factor import login_verified


class TwoSiteWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a = build_site("wfa", "wfa.localhost")
        cls.b = build_site("wfb", "wfb.localhost")
        for site in (cls.a, cls.b):
            configure_site_workflow(
                site_root_page=site.home,
                first_reviewers=site.first_reviewers,
                secrecy_reviewers=site.secrecy_reviewers,
            )

    def _submitted(self, site, slug):
        page = make_document(site, slug=slug)
        page.get_workflow().start(page, site.editor)
        return DisclosureDocumentPage.objects.get(pk=page.pk)

    def _action_url(self, page, action):
        return reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, page.current_workflow_task_state.pk],
        )

    def test_each_site_has_its_own_two_step_workflow(self):
        workflow_a = self.a.home.get_workflow()
        self.assertNotEqual(workflow_a, self.b.home.get_workflow())
        tasks = [t.specific for t in workflow_a.tasks]
        self.assertEqual(
            [t.stage for t in tasks],
            [ReviewTask.Stage.FIRST_REVIEW, ReviewTask.Stage.SECRECY_REVIEW],
        )
        self.assertEqual(list(tasks[1].groups.all()), [self.a.secrecy_reviewers])
        # Wagtail publishes as the last approver: that group may publish there.
        self.assertTrue(
            self.a.home.permissions_for_user(self.a.secrecy_reviewer).can_publish()
        )
        self.assertFalse(
            self.b.home.permissions_for_user(self.a.secrecy_reviewer).can_publish()
        )
        self.assertFalse(
            self.a.home.permissions_for_user(self.a.first_reviewer).can_publish()
        )
        # Pages below the site root inherit it.
        self.assertEqual(self.a.catalog.get_workflow(), workflow_a)

    def test_reviewers_of_site_a_cannot_act_on_site_b(self):
        page_b = self._submitted(self.b, "cross-1")
        task = page_b.current_workflow_task
        self.assertEqual(task.get_actions(page_b, self.a.first_reviewer), [])
        login_verified(self.client, self.a.first_reviewer)
        response = self.client.post(
            self._action_url(page_b, "approve"), {"comment": ""}
        )
        # Wagtail answers a denied admin request with a redirect and a message.
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        page_b.current_workflow_task_state.refresh_from_db()
        self.assertEqual(
            page_b.current_workflow_task_state.status, TaskState.STATUS_IN_PROGRESS
        )
        # Site A's secrecy reviewer cannot do site A's first review either.
        page_a = self._submitted(self.a, "cross-2")
        self.assertEqual(
            page_a.current_workflow_task.get_actions(page_a, self.a.secrecy_reviewer),
            [],
        )

    def test_full_review_publishes_and_the_history_names_each_approver(self):
        page = self._submitted(self.a, "full-1")
        login_verified(self.client, self.a.first_reviewer)
        self.client.post(self._action_url(page, "approve"), {"comment": "同意"})
        page = DisclosureDocumentPage.objects.get(pk=page.pk)
        self.assertEqual(
            page.current_workflow_task.specific.stage, ReviewTask.Stage.SECRECY_REVIEW
        )
        login_verified(self.client, self.a.secrecy_reviewer)
        # Without the confirmation the secrecy review is not passed.
        response = self.client.post(self._action_url(page, "approve"), {"comment": ""})
        self.assertFalse(DisclosureDocumentPage.objects.get(pk=page.pk).live)
        response = self.client.post(
            self._action_url(page, "approve"), {"comment": "", "confirm_secrecy": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(DisclosureDocumentPage.objects.get(pk=page.pk).live)
        approvals = PageLogEntry.objects.filter(
            page=page, action="wagtail.workflow.approve"
        ).order_by("timestamp")
        self.assertEqual(
            [(e.user, e.data["workflow"]["task"]["title"]) for e in approvals],
            [
                (self.a.first_reviewer, f"{self.a.home.title}·初审"),
                (self.a.secrecy_reviewer, f"{self.a.home.title}·保密审查"),
            ],
        )
        self.assertTrue(
            PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
        )

    def test_rejection_needs_a_comment(self):
        page = self._submitted(self.a, "reject-1")
        task = page.current_workflow_task
        state = page.current_workflow_task_state
        with self.assertRaisesMessage(ValidationError, "退回时必须填写修改意见"):
            task.on_action(state, self.a.first_reviewer, "reject", comment=" ")
        login_verified(self.client, self.a.first_reviewer)
        self.client.post(self._action_url(page, "reject"), {"comment": ""})
        state.refresh_from_db()
        self.assertEqual(state.status, TaskState.STATUS_IN_PROGRESS)
        self.client.post(
            self._action_url(page, "reject"), {"comment": "请删除联系方式"}
        )
        state.refresh_from_db()
        self.assertEqual(state.status, TaskState.STATUS_REJECTED)
        self.assertEqual(state.comment, "请删除联系方式")
        entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
        self.assertEqual(entry.user, self.a.first_reviewer)
        self.assertEqual(entry.data["comment"], "请删除联系方式")

    def test_office_adds_and_removes_a_final_signoff(self):
        signers = Group.objects.create(name="wfa-signers")
        workflow = configure_site_workflow(
            site_root_page=self.a.home,
            first_reviewers=self.a.first_reviewers,
            secrecy_reviewers=self.a.secrecy_reviewers,
            final_signoff=signers,
        )
        self.assertEqual(workflow, self.a.home.get_workflow())
        self.assertEqual(
            [t.specific.stage for t in workflow.tasks],
            ["first_review", "secrecy_review", "final_signoff"],
        )
        # A page waiting for sign-off keeps the step from being removed.
        page = self._submitted(self.a, "signoff-1")
        for user, data in (
            (self.a.first_reviewer, {}),
            (self.a.secrecy_reviewer, {"confirm_secrecy": True}),
        ):
            page = DisclosureDocumentPage.objects.get(pk=page.pk)
            page.current_workflow_task.on_action(
                page.current_workflow_task_state, user, "approve", **data
            )
        with self.assertRaisesMessage(ValidationError, "签发"):
            configure_site_workflow(
                site_root_page=self.a.home,
                first_reviewers=self.a.first_reviewers,
                secrecy_reviewers=self.a.secrecy_reviewers,
            )
        page.current_workflow_state.cancel()
        workflow = configure_site_workflow(
            site_root_page=self.a.home,
            first_reviewers=self.a.first_reviewers,
            secrecy_reviewers=self.a.secrecy_reviewers,
        )
        self.assertEqual(len(workflow.tasks), 2)

    def test_every_step_needs_a_group(self):
        with self.assertRaisesMessage(ValidationError, "保密审查"):
            configure_site_workflow(
                site_root_page=self.b.home,
                first_reviewers=self.b.first_reviewers,
                secrecy_reviewers=[],
            )
