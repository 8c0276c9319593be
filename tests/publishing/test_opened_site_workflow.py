"""A site opened through the registry has its review workflow from day one.

An editor's page goes draft → submitted → 初审 (the site's reviewers) →
保密审查 (the site's secrecy group) → live, every step posted as the browser
posts it; nobody of the site's own groups can skip the secrecy review.
"""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from content.models import NoticeIndexPage, NoticePage
from publishing.models import ReviewTask
from site_registry import lifecycle
from tests.factories.disclosure import ensure_tree_root
from tests.two_factor import login_verified

PASSWORD = "Very-long-pw-2026!"


def _user(username, group):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD
    )
    user.groups.add(group)
    return user


class OpenedSiteWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_tree_root()
        cls.profile = lifecycle.open_site(
            name="示范市审计局网站",
            level="department",
            organizer="示范市审计局",
            hostname="sjj.localhost",
            code="3701000099",
        )
        cls.other = lifecycle.open_site(
            name="示范市统计局网站",
            level="department",
            organizer="示范市统计局",
            hostname="tjj.localhost",
            code="3701000098",
        )
        cls.notices = NoticeIndexPage.objects.child_of(cls.profile.root_page).get(
            slug="notices"
        )
        cls.editor = _user("sjj-editor", cls.profile.editors_group)
        cls.first = _user("sjj-first", cls.profile.reviewers_group)
        cls.secrecy = _user("sjj-secrecy", cls.profile.secrecy_group)
        cls.other_secrecy = _user("tjj-secrecy", cls.other.secrecy_group)

    def _post_new_notice(self, action):
        url = reverse(
            "wagtailadmin_pages:add", args=("content", "noticepage", self.notices.pk)
        )
        data = nested_form_data(
            {
                "title": "关于调整办公时间的通知",
                "slug": "office-hours",
                "issuer": "示范市审计局办公室",
                "summary": "",
                "body": streamfield(
                    [("paragraph", rich_text("<p>自下周起调整。</p>"))]
                ),
                "tags": "",
                "comments": inline_formset([]),
                action: "1",
            }
        )
        return self.client.post(url, data, HTTP_HOST="sjj.localhost")

    def _act(self, user, page, action, data):
        login_verified(self.client, user)
        state = page.current_workflow_task_state
        return self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, action, state.pk],
            ),
            data,
            HTTP_HOST="sjj.localhost",
        )

    def _page(self):
        return NoticePage.objects.child_of(self.notices).get(slug="office-hours")

    def test_the_site_opens_with_first_and_secrecy_review(self):
        workflow = self.profile.root_page.get_workflow()
        tasks = [task.specific for task in workflow.tasks]
        self.assertEqual(
            [(t.stage, list(t.groups.all())) for t in tasks],
            [
                (ReviewTask.Stage.FIRST_REVIEW, [self.profile.reviewers_group]),
                (ReviewTask.Stage.SECRECY_REVIEW, [self.profile.secrecy_group]),
            ],
        )
        self.assertNotEqual(workflow, self.other.root_page.get_workflow())
        self.assertEqual(self.profile.secrecy_group.name, "示范市审计局网站·保密审查")
        # Only the last step's group publishes (as Wagtail's last approver).
        home = self.profile.root_page
        for user, can in (
            (self.editor, False),
            (self.first, False),
            (self.secrecy, True),
        ):
            self.assertEqual(home.permissions_for_user(user).can_publish(), can)

    def test_an_editors_page_goes_live_only_after_the_secrecy_review(self):
        login_verified(self.client, self.editor)
        # "Publish" posted by an editor saves a draft: the editor may not publish.
        response = self._post_new_notice("action-publish")
        self.assertEqual(response.status_code, 302)
        page = self._page()
        self.assertFalse(page.live)
        self.assertIsNone(page.current_workflow_state)

        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "issuer": page.issuer,
                "summary": "",
                "body": streamfield(
                    [("paragraph", rich_text("<p>自下周起调整。</p>"))]
                ),
                "tags": "",
                "comments": inline_formset([]),
                "action-submit": "1",
            }
        )
        response = self.client.post(edit, data, HTTP_HOST="sjj.localhost")
        self.assertEqual(response.status_code, 302)
        page = self._page()
        self.assertEqual(
            page.current_workflow_task.specific.stage, ReviewTask.Stage.FIRST_REVIEW
        )
        # The editor cannot approve the own submission.
        self._act(self.editor, page, "approve", {"comment": ""})
        page = self._page()
        self.assertEqual(
            page.current_workflow_task_state.status, TaskState.STATUS_IN_PROGRESS
        )
        self.assertEqual(
            page.current_workflow_task.specific.stage, ReviewTask.Stage.FIRST_REVIEW
        )

        self._act(self.first, page, "approve", {"comment": "同意"})
        page = self._page()
        self.assertFalse(page.live)
        self.assertEqual(
            page.current_workflow_task.specific.stage, ReviewTask.Stage.SECRECY_REVIEW
        )
        # Neither the first reviewer nor another site's secrecy group passes it.
        for user in (self.first, self.other_secrecy):
            self._act(user, page, "approve", {"comment": "", "confirm_secrecy": "on"})
            self.assertFalse(self._page().live)
        # Without the confirmation the secrecy review is not passed either.
        self._act(self.secrecy, page, "approve", {"comment": ""})
        self.assertFalse(self._page().live)

        response = self._act(
            self.secrecy, page, "approve", {"comment": "", "confirm_secrecy": "on"}
        )
        self.assertEqual(response.status_code, 302)
        page = self._page()
        self.assertTrue(page.live)
        self.assertIsNone(page.current_workflow_state)

    def test_the_office_changes_the_steps_in_wagtails_workflow_admin(self):
        from django.contrib.auth.models import Group

        from core.roles import OFFICE_GROUP

        office = get_user_model().objects.create_user(
            "office", "office@example.invalid", PASSWORD
        )
        office.groups.add(Group.objects.get(name=OFFICE_GROUP))
        login_verified(self.client, office)
        workflow = self.profile.root_page.get_workflow()
        for url in (
            reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
            reverse("wagtailadmin_workflows:edit_task", args=[workflow.tasks[1].pk]),
        ):
            response = self.client.get(url, HTTP_HOST="sjj.localhost")
            self.assertEqual(response.status_code, 200, url)
        # Editors may not.
        login_verified(self.client, self.editor)
        response = self.client.get(
            reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
            HTTP_HOST="sjj.localhost",
        )
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )
