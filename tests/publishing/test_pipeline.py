"""The publication pipeline: one audit entry per refusal on every path, checks
before the transaction, pre-publication steps inside it (issue 15.1)."""

import datetime
import inspect
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import rich_text

from disclosure_pages.importing.service import DocumentImporter
from disclosure_pages.models import DisclosureDocumentPage, IndexNumberCounter
from publishing.checks import check_page
from publishing.exceptions import PublicationBlocked
from publishing.pipeline import STEP_HOOK, PrePublicationStep
from publishing.services import configure_site_workflow
from tests.admin_forms import browser_form_data
from tests.publishing.helpers import (
    PASSWORD,
    VALID_ID,
    approve_after_review_edit,
    build_site,
    make_document,
)
from tests.two_factor import login_verified

DIRTY_BODY = f"<p>申请人身份证号{VALID_ID}。</p>"


def _blocked_count(page) -> int:
    return PageLogEntry.objects.filter(
        page_id=page.pk, action="publishing.blocked"
    ).count()


def _reload(page):
    return DisclosureDocumentPage.objects.get(pk=page.pk)


class WrappedSignatureTests(TestCase):
    """The adapter in publishing.gate calls Wagtail's action with these
    arguments and reads the attributes its __init__ sets: a Wagtail upgrade that
    changes them must fail here, not silently bypass the checks."""

    def test_execute_signature_is_the_one_the_adapter_was_written_for(self):
        execute = PublishPageRevisionAction.execute
        self.assertTrue(execute.is_publication_gate)
        original = inspect.signature(execute.__wrapped__)
        self.assertEqual(
            [(p.name, p.default) for p in original.parameters.values()],
            [("self", inspect.Parameter.empty), ("skip_permission_checks", False)],
        )

    def test_init_signature_is_the_one_the_adapter_was_written_for(self):
        init = inspect.signature(PublishPageRevisionAction.__init__)
        self.assertEqual(
            [(p.name, p.default) for p in init.parameters.values()],
            [
                ("self", inspect.Parameter.empty),
                ("revision", inspect.Parameter.empty),
                ("user", None),
                ("changed", True),
                ("log_action", True),
                ("previous_revision", None),
            ],
        )


class BlockedEntryPathTests(TestCase):
    """Each path writes exactly one ``publishing.blocked`` entry."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("pipe", "pipe.localhost")
        cls.admin = get_user_model().objects.create_superuser(
            "pipe-admin", "p@example.invalid", PASSWORD
        )
        configure_site_workflow(
            site_root_page=cls.site.home,
            first_reviewers=cls.site.first_reviewers,
            secrecy_reviewers=cls.site.secrecy_reviewers,
        )

    def test_admin_publish_posted_as_the_browser_posts_it(self):
        page = make_document(self.site, slug="p-admin", body="<p>草稿。</p>")
        login_verified(self.client, self.admin)
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = browser_form_data(self.client, url, body=rich_text(DIRTY_BODY))
        data["action-publish"] = "1"
        response = self.client.post(url, data, follow=True)
        report = reverse("publishing:check", args=[page.pk]) + "?next=publish"
        self.assertRedirects(response, report)
        self.assertContains(response, "发布前检查未通过")
        self.assertFalse(_reload(page).live)
        self.assertEqual(_blocked_count(page), 1)

    def test_admin_create_and_publish(self):
        login_verified(self.client, self.admin)
        url = reverse(
            "wagtailadmin_pages:add",
            args=["disclosure_pages", "disclosuredocumentpage", self.site.column.pk],
        )
        data = browser_form_data(
            self.client,
            url,
            title="新建文件",
            slug="p-new",
            organization=str(self.site.organization.pk),
            body=rich_text(DIRTY_BODY),
        )
        data["action-publish"] = "1"
        response = self.client.post(url, data)
        page = DisclosureDocumentPage.objects.get(slug="p-new")
        self.assertRedirects(
            response, reverse("publishing:check", args=[page.pk]) + "?next=publish"
        )
        self.assertFalse(page.live)  # a never-published page does not stay live
        self.assertEqual(page.index_number, "")  # no step ran
        self.assertEqual(_blocked_count(page), 1)

    def test_workflow_approval(self):
        page, task_state, response = approve_after_review_edit(
            self.client, self.site, slug="p-approve", body=DIRTY_BODY
        )
        self.assertRedirects(
            response, reverse("publishing:check", args=[page.pk]) + "?next=publish"
        )
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)
        # Wagtail's approval transaction rolled back; the audit entry is kept.
        self.assertEqual(_blocked_count(page), 1)

    def test_scheduler(self):
        page = make_document(self.site, slug="p-sched", body=DIRTY_BODY)
        revision = page.get_latest_revision()
        revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
        revision.save()
        call_command("publish_scheduled")
        self.assertFalse(_reload(page).live)
        self.assertEqual(_blocked_count(page), 1)

    def test_importer_update_of_a_published_document(self):
        record = {
            "title": "示范市关于做好政务公开工作的通知",
            "body_text": "正文内容。",
            "written_date": "2024-03-01",
            "organization": self.site.organization.name,
            "source_id": "pipe-1",
        }
        importer = DocumentImporter(
            section_root=self.site.site.root_page, column=self.site.column
        )
        summary = importer.run([(1, record)])
        self.assertEqual(summary.created, 1, summary.errors)
        page = DisclosureDocumentPage.objects.get(source_id="pipe-1")
        dirty = dict(record, body_text=f"联系人身份证号码：{VALID_ID}。")
        summary = importer.run([(1, dirty)])
        self.assertEqual(summary.failed, 1)
        self.assertIn("身份证号码", summary.errors[0].message)
        self.assertNotIn(VALID_ID, _reload(page).body)
        # The import's transaction rolled back; the audit entry is kept.
        self.assertEqual(_blocked_count(page), 1)


class StepTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("step", "step.localhost")

    def test_checks_run_before_the_transaction_and_steps_inside_it(self):
        depth = {}

        def check(page, **kwargs):
            depth["check"] = len(connection.atomic_blocks)
            return check_page(page, **kwargs)

        def step(*, page, revision):
            depth["step"] = len(connection.atomic_blocks)

        recording = PrePublicationStep(model=DisclosureDocumentPage, publish=step)
        page = make_document(self.site, slug="s-clean")
        with (
            hooks.register_temporarily(STEP_HOOK, lambda: recording),
            mock.patch("publishing.pipeline.check_page", check),
        ):
            page.get_latest_revision().publish()
        self.assertTrue(_reload(page).live)
        self.assertEqual(depth["step"], depth["check"] + 1)

    def test_no_step_runs_when_blocked(self):
        ran = []
        recording = PrePublicationStep(
            model=DisclosureDocumentPage, publish=lambda **kw: ran.append(kw)
        )
        page = make_document(self.site, slug="s-dirty", body=DIRTY_BODY)
        with hooks.register_temporarily(STEP_HOOK, lambda: recording):
            with self.assertRaises(PublicationBlocked):
                page.get_latest_revision().publish()
        self.assertEqual(ran, [])
        self.assertEqual(_reload(page).index_number, "")
        self.assertEqual(_blocked_count(page), 1)

    def test_a_failed_publish_rolls_back_the_steps_writes(self):
        page = make_document(self.site, slug="s-fail")
        revision = page.get_latest_revision()
        counters = list(IndexNumberCounter.objects.values_list("last_serial"))
        with (
            mock.patch.object(
                PublishRevisionAction,
                "_publish_revision",
                side_effect=RuntimeError("publish failed"),
            ),
            self.assertRaises(RuntimeError),
        ):
            revision.publish()
        page = _reload(page)
        self.assertFalse(page.live)
        self.assertEqual(page.index_number, "")  # the step's write is rolled back
        revision.refresh_from_db()
        self.assertFalse(revision.content.get("index_number"))
        self.assertEqual(
            list(IndexNumberCounter.objects.values_list("last_serial")), counters
        )
        # Without the failure the same step numbers the document.
        revision.publish()
        self.assertTrue(_reload(page).index_number)
