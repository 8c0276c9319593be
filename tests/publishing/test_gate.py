"""Every publication path goes through the pre-publication checks.

Paths: Revision.publish() (the importer and the demo loader use it), the admin's
publish button on edit and create, submitting to a workflow, the final workflow
approval, the admin API and `manage.py publish_scheduled`.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from disclosure_pages.models import DisclosureDocumentPage
from publishing.exceptions import PublicationBlocked
from publishing.services import configure_site_workflow
from tests.publishing.helpers import (
    PASSWORD,
    VALID_ID,
    approve_after_review_edit,
    build_site,
    make_document,
)
from tests.two_factor import login_verified

DIRTY_BODY = f"<p>申请人身份证号{VALID_ID}，电话13812345678。</p>"


def _blocked_entries(page):
    return PageLogEntry.objects.filter(page=page, action="publishing.blocked")


def _edit_data(site, page, body, action):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "organization": site.organization.pk,
            "index_number": page.index_number,
            "document_number": "",
            "written_date": "",
            "validity": "valid",
            "disclosure_mode": "proactive",
            "body": rich_text(body),
            "attachments": inline_formset([]),
            "relations": inline_formset([]),
            "comments": inline_formset([]),
            action: "1",
        }
    )


class GateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("gate", "gate.localhost")
        cls.admin = get_user_model().objects.create_superuser(
            "gate-admin", "a@example.invalid", PASSWORD
        )

    def _page(self, slug, body=DIRTY_BODY):
        return make_document(self.site, slug=slug, body=body)

    def _reload(self, page):
        return DisclosureDocumentPage.objects.get(pk=page.pk)

    def test_gate_is_installed_once(self):
        self.assertTrue(PublishPageRevisionAction.execute.is_publication_gate)

    def test_revision_publish_is_blocked(self):
        page = self._page("api-1")
        with self.assertRaises(PublicationBlocked) as caught:
            page.get_latest_revision().publish()
        self.assertIn("身份证号码", str(caught.exception.messages))
        self.assertFalse(self._reload(page).live)
        entry = _blocked_entries(page).get()
        # The audit entry names the places but holds only masked values.
        self.assertNotIn(VALID_ID, str(entry.data))
        self.assertIn("110105********002X", str(entry.data))

    def test_clean_revision_publishes(self):
        page = self._page("clean-1", body="<p>正常内容。</p>")
        page.get_latest_revision().publish()
        self.assertTrue(self._reload(page).live)

    def test_scheduled_publishing_skips_blocked_pages_and_goes_on(self):
        past = timezone.now() - datetime.timedelta(minutes=5)
        dirty = self._page("sched-dirty")
        clean = self._page("sched-clean", body="<p>正常内容。</p>")
        for page in (dirty, clean):
            revision = page.get_latest_revision()
            revision.approved_go_live_at = past
            revision.save()
        call_command("publish_scheduled")
        self.assertFalse(self._reload(dirty).live)
        self.assertTrue(self._reload(clean).live)
        dirty_revision = dirty.get_latest_revision()
        dirty_revision.refresh_from_db()
        self.assertIsNone(dirty_revision.approved_go_live_at)  # not retried forever
        self.assertTrue(_blocked_entries(dirty).get().data["scheduled"])

    def test_admin_publish_is_blocked_and_shows_the_report(self):
        page = self._page("admin-1", body="<p>草稿。</p>")
        login_verified(self.client, self.admin)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            _edit_data(self.site, page, DIRTY_BODY, "action-publish"),
        )
        report = reverse("publishing:check", args=[page.pk]) + "?next=publish"
        self.assertRedirects(response, report)
        self.assertFalse(self._reload(page).live)
        # The editor's draft is kept.
        draft = self._reload(page).get_latest_revision().as_object()
        self.assertIn("13812345678", draft.body)
        response = self.client.get(report)
        self.assertContains(response, "110105********002X")
        self.assertContains(response, "一键脱敏并发布")
        self.assertNotContains(response, VALID_ID)

    def test_admin_create_and_publish_is_blocked(self):
        login_verified(self.client, self.admin)
        url = reverse(
            "wagtailadmin_pages:add",
            args=["disclosure_pages", "disclosuredocumentpage", self.site.column.pk],
        )
        data = _edit_data(
            self.site,
            DisclosureDocumentPage(title="新建", slug="admin-new"),
            DIRTY_BODY,
            "action-publish",
        )
        response = self.client.post(url, data)
        page = DisclosureDocumentPage.objects.get(slug="admin-new")
        self.assertRedirects(
            response, reverse("publishing:check", args=[page.pk]) + "?next=publish"
        )
        self.assertFalse(page.live)

    def test_mask_and_continue_publishes_masked_content(self):
        page = self._page("mask-1")
        login_verified(self.client, self.admin)
        response = self.client.post(
            reverse("publishing:mask", args=[page.pk]), {"next": "publish"}
        )
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
        page = self._reload(page)
        self.assertTrue(page.live)
        self.assertIn("110105********002X", page.body)
        self.assertIn("138****5678", page.body)
        self.assertNotIn(VALID_ID, page.body)
        self.assertTrue(
            PageLogEntry.objects.filter(page=page, action="publishing.masked").exists()
        )

    def test_mask_needs_edit_permission(self):
        page = self._page("mask-2")
        other = build_site("gate2", "gate2.localhost")
        self.client.force_login(other.editor)
        response = self.client.post(reverse("publishing:mask", args=[page.pk]))
        self.assertEqual(response.status_code, 302)  # Wagtail's admin redirects
        self.assertIn(VALID_ID, page.get_latest_revision().as_object().body)

    def test_admin_api_publish_is_blocked(self):
        page = self._page("api-2")
        login_verified(self.client, self.admin)
        response = self.client.post(
            f"/admin/api/main/pages/{page.pk}/action/publish/",
            content_type="application/json",
            data={},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("身份证号码", response.content.decode())
        self.assertFalse(self._reload(page).live)


class WorkflowGateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("wfg", "wfg.localhost")
        configure_site_workflow(
            site_root_page=cls.site.home,
            first_reviewers=cls.site.first_reviewers,
            secrecy_reviewers=cls.site.secrecy_reviewers,
        )

    def test_submit_to_workflow_is_blocked(self):
        page = make_document(self.site, slug="submit-1", body="<p>草稿</p>")
        self.client.force_login(self.site.editor)
        data = _edit_data(self.site, page, DIRTY_BODY, "action-submit")
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        self.assertRedirects(
            response, reverse("publishing:check", args=[page.pk]) + "?next=submit"
        )
        page = DisclosureDocumentPage.objects.get(pk=page.pk)
        self.assertIsNone(page.current_workflow_state)
        self.assertEqual(page.workflow_states.get().status, "cancelled")
        self.assertTrue(_blocked_entries(page).get().data["submit"])

    def test_clean_submission_starts_the_workflow(self):
        page = make_document(self.site, slug="submit-2", body="<p>草稿</p>")
        self.client.force_login(self.site.editor)
        data = _edit_data(self.site, page, "<p>正常。</p>", "action-submit")
        self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        page = DisclosureDocumentPage.objects.get(pk=page.pk)
        self.assertEqual(page.current_workflow_state.status, "in_progress")

    def test_final_approval_is_blocked_and_rolled_back(self):
        # Personal data slips in during review (a reviewer's edit).
        page, task_state, response = approve_after_review_edit(
            self.client, self.site, slug="approve-1", body=DIRTY_BODY
        )
        self.assertRedirects(
            response, reverse("publishing:check", args=[page.pk]) + "?next=publish"
        )
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertFalse(DisclosureDocumentPage.objects.get(pk=page.pk).live)
