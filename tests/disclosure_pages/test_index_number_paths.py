"""Every publication path gives a document its 索引号 (issue 13.2).

The admin forms are posted as the browser posts them (every rendered field,
inline and comment management forms), then the live row and the published
revision are read back.
"""

import datetime
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from disclosure_pages.models import DisclosureDocumentPage
from publishing.services import configure_site_workflow
from tests.admin_forms import browser_form_data, page_errors
from tests.publishing.helpers import build_site
from tests.two_factor import login_verified


class IndexNumberPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        cls.site = build_site("idx", "idx.localhost")
        cls.admin = get_user_model().objects.create_superuser(
            "idx-admin", "idx@example.invalid", "pw"
        )
        configure_site_workflow(
            site_root_page=cls.site.home,
            first_reviewers=cls.site.first_reviewers,
            secrecy_reviewers=cls.site.secrecy_reviewers,
        )

    def setUp(self):
        login_verified(self.client, self.admin)

    # --- helpers -------------------------------------------------------------

    def _add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "disclosuredocumentpage", self.site.column.pk),
        )

    def _create(self, slug, *, action="action-publish", **fields):
        data = browser_form_data(
            self.client,
            self._add_url(),
            title=fields.pop("title", "关于做好政务公开工作的通知"),
            slug=slug,
            organization=str(self.site.organization.pk),
            document_number="示办发〔2024〕12号",
            body=rich_text("<p>正文内容。</p>"),
            **fields,
        )
        if action:
            data[action] = "1"
        response = self.client.post(self._add_url(), data)
        assert response.status_code == 302, page_errors(response.content.decode())
        return DisclosureDocumentPage.objects.get(slug=slug)

    def _edit(self, page, *, action=None, user=None, **fields):
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = browser_form_data(self.client, url, **fields)
        if action:
            data[action] = "1"
        response = self.client.post(url, data)
        assert response.status_code == 302, page_errors(response.content.decode())
        return DisclosureDocumentPage.objects.get(pk=page.pk)

    def assert_numbered(self, page):
        page = DisclosureDocumentPage.objects.get(pk=page.pk)
        assert page.live
        assert page.index_number.startswith(self.site.organization.org_code + "/")
        # The published revision carries the number too, like the live row.
        published = page.live_revision.as_object()
        assert published.index_number == page.index_number
        assert page.live_revision.content["index_number"] == page.index_number
        assert page.get_latest_revision().content["index_number"] == page.index_number
        return page

    # --- paths ---------------------------------------------------------------

    def test_create_and_publish_in_the_admin(self):
        page = self.assert_numbered(self._create("create-publish"))
        # The public page shows it.
        response = self.client.get(page.url, HTTP_HOST="idx.localhost")
        self.assertContains(response, page.index_number)

    def test_edit_and_publish_a_draft_in_the_admin(self):
        draft = self._create("edit-publish", action=None)
        assert not draft.live and not draft.index_number
        self.assert_numbered(self._edit(draft, action="action-publish"))

    def test_number_survives_resave_and_republish_unchanged(self):
        page = self.assert_numbered(self._create("resave"))
        number, first = page.index_number, page.first_published_at
        page = self._edit(page)  # save draft, nothing changed
        assert page.index_number == number
        assert page.get_latest_revision().as_object().index_number == number
        page = self._edit(page, action="action-publish")
        page = self.assert_numbered(page)
        assert page.index_number == number
        assert page.first_published_at == first

    def test_numbers_are_unique(self):
        first = self.assert_numbered(self._create("unique-1"))
        second = self.assert_numbered(self._create("unique-2"))
        assert first.index_number != second.index_number

    def test_workflow_approval(self):
        draft = self._create("workflow", action=None)
        login_verified(self.client, self.site.editor)
        draft = self._edit(draft, action="action-submit")
        for reviewer, extra in (
            (self.site.first_reviewer, {}),
            (self.site.secrecy_reviewer, {"confirm_secrecy": "on"}),
        ):
            login_verified(self.client, reviewer)
            state = DisclosureDocumentPage.objects.get(
                pk=draft.pk
            ).current_workflow_task_state
            response = self.client.post(
                reverse(
                    "wagtailadmin_pages:workflow_action",
                    args=(draft.pk, "approve", state.pk),
                ),
                {"comment": "", **extra},
            )
            assert response.status_code == 302
        self.assert_numbered(draft)

    def test_scheduled_publication(self):
        go_live = timezone.localtime() + datetime.timedelta(days=1)
        page = self._create("scheduled", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
        assert not page.live and not page.index_number
        later = timezone.now() + datetime.timedelta(days=1, hours=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled")
        page = self.assert_numbered(page)
        assert page.first_published_at == later
