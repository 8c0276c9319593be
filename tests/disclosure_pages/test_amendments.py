"""Amend and repeal (issue 17.6): through the admin as the browser posts it,
the public pages on their own hosts, the audit log and the reversal."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from disclosure_pages.choices import Validity
from disclosure_pages.models import DisclosureDocumentPage, DocumentRelation
from disclosure_pages.selectors import validity_q
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.two_factor import login_verified


def relation_rows(*rows: dict) -> dict:
    """The inline panel's fields for ``rows`` (kind, target, target_number)."""
    data = {
        "relations-TOTAL_FORMS": str(len(rows)),
        "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0",
        "relations-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data[f"relations-{i}-kind"] = row.get("kind", "repeals")
        data[f"relations-{i}-target"] = str(row.get("target", ""))
        data[f"relations-{i}-target_number"] = row.get("target_number", "")
        data[f"relations-{i}-ORDER"] = str(i + 1)
        data[f"relations-{i}-id"] = ""
    return data


class AmendRepealAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "rep", "rep@example.invalid", "pw"
        )
        cls.site, home = make_site("rep", hostname="rep.localhost")
        _catalog, cls.column = make_catalog(home)
        cls.other_site, other_home = make_site("oth", hostname="oth.localhost")
        _catalog, cls.other_column = make_catalog(other_home)
        cls.organization = make_organization("示范市人民政府办公室")
        cls.old = make_document(
            cls.column,
            organization=cls.organization,
            title="示范市政务公开实施办法",
            document_number="示政办发〔2019〕3号",
            slug="old",
        )
        # On another site of the cluster: chosen across the cluster.
        cls.other = make_document(
            cls.other_column,
            organization=cls.organization,
            title="示范市政务公开考核办法",
            document_number="示政办发〔2020〕8号",
            slug="other",
        )

    def setUp(self):
        login_verified(self.client, self.user)

    def _add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "disclosuredocumentpage", self.column.pk),
        )

    def _post(self, url, *, action=None, rows=None, **fields):
        data = browser_form_data(self.client, url, **fields)
        if rows is not None:
            for key in [k for k in data if k.startswith("relations-")]:
                del data[key]
            data.update(relation_rows(*rows))
        if action:
            data[action] = "1"
        return self.client.post(url, data)

    def _create(self, slug, *, action="action-publish", rows=(), **fields):
        response = self._post(
            self._add_url(),
            action=action,
            rows=list(rows),
            title=fields.pop("title", "示范市政务公开办法"),
            slug=slug,
            organization=str(self.organization.pk),
            document_number=fields.pop("document_number", "示政办发〔2025〕1号"),
            body=rich_text("<p>正文内容。</p>"),
            **fields,
        )
        assert response.status_code == 302, page_errors(response.content.decode())
        return DisclosureDocumentPage.objects.get(slug=slug)

    def _edit(self, page, *, action=None, **fields):
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = self._post(url, action=action, **fields)
        assert response.status_code == 302, page_errors(response.content.decode())
        return DisclosureDocumentPage.objects.get(pk=page.pk)

    def _fresh(self, page):
        return DisclosureDocumentPage.objects.get(pk=page.pk)

    def test_draft_publish_resave_unpublish(self):
        # A draft declares the repeal: nothing changes yet.
        new = self._create("new", action=None, rows=[{"target": self.old.pk}])
        assert not new.live
        assert self._fresh(self.old).current_validity == Validity.VALID

        # Publishing it repeals the old document from today (no 生效日期).
        new = self._edit(new, action="action-publish")
        assert new.live
        relation = DocumentRelation.objects.get(source=new)
        assert relation.effective_from == timezone.localdate()
        assert relation.target_number == "示政办发〔2019〕3号"
        assert self._fresh(self.old).current_validity == Validity.REPEALED
        assert DisclosureDocumentPage.objects.filter(
            validity_q(Validity.REPEALED), pk=self.old.pk
        ).exists()

        # Both documents carry it in their audit log.
        assert (
            PageLogEntry.objects.filter(page=new, action="disclosure.repeals").count()
            == 1
        )
        entry = PageLogEntry.objects.get(page=self.old, action="disclosure.repealed_by")
        assert entry.data["document"]["id"] == new.pk
        assert "已被《示范市政务公开办法》（示政办发〔2025〕1号）废止" in entry.message

        # Re-saving a draft and re-publishing, unchanged, logs nothing more.
        new = self._edit(new)
        assert self._fresh(self.old).current_validity == Validity.REPEALED
        new = self._edit(new, action="action-publish")
        assert (
            PageLogEntry.objects.filter(
                page=self.old, action="disclosure.repealed_by"
            ).count()
            == 1
        )
        assert DocumentRelation.objects.filter(source=new).count() == 1

        # Both public pages show it, on their own hosts.
        old_html = self.client.get("/xxgk/zcwj/old/", HTTP_HOST="rep.localhost")
        assert old_html.status_code == 200
        text = old_html.content.decode()
        today = timezone.localdate()
        assert "本文件已被" in text and "《示范市政务公开办法》" in text
        assert f"废止，自{today.year}年{today.month}月{today.day}日起" in text
        assert "validity-repealed" in text
        new_html = self.client.get("/xxgk/zcwj/new/", HTTP_HOST="rep.localhost")
        assert "本文件废止了" in new_html.content.decode()
        assert "《示范市政务公开实施办法》" in new_html.content.decode()

        # Unpublishing the repealing document restores the old one.
        response = self.client.post(
            reverse("wagtailadmin_pages:unpublish", args=(new.pk,))
        )
        assert response.status_code == 302
        assert self._fresh(self.old).current_validity == Validity.VALID
        assert PageLogEntry.objects.filter(
            page=self.old, action="disclosure.relation_lapsed"
        ).exists()
        old_html = self.client.get("/xxgk/zcwj/old/", HTTP_HOST="rep.localhost")
        assert "本文件已被" not in old_html.content.decode()

    def test_future_effective_date_keeps_the_target_valid_until_then(self):
        later = timezone.localdate() + datetime.timedelta(days=10)
        self._create(
            "amend",
            rows=[{"kind": "amends", "target": self.old.pk}],
            effective_date=later.isoformat(),
        )
        old = self._fresh(self.old)
        assert old.current_validity == Validity.VALID
        assert old.validity_on(later) == Validity.AMENDED
        page = self.client.get("/xxgk/zcwj/old/", HTTP_HOST="rep.localhost")
        assert "本文件将被" in page.content.decode()

    def test_a_document_number_is_resolved_across_the_cluster(self):
        new = self._create("bynum", rows=[{"target_number": "示政办发[2020]8号"}])
        relation = DocumentRelation.objects.get(source=new)
        assert relation.target_id == self.other.pk
        assert self._fresh(self.other).current_validity == Validity.REPEALED
        # The other site's page shows it on its own host.
        page = self.client.get("/xxgk/zcwj/other/", HTTP_HOST="oth.localhost")
        assert "本文件已被" in page.content.decode()

    def test_an_unknown_number_is_refused_in_chinese(self):
        response = self._post(
            self._add_url(),
            action="action-publish",
            rows=[{"target_number": "示政办发〔2018〕99号"}],
            title="未知文号",
            slug="unknown",
            organization=str(self.organization.pk),
            body=rich_text("<p>正文。</p>"),
        )
        assert response.status_code == 200
        errors = " ".join(page_errors(response.content.decode()))
        assert "没有发文字号为 示政办发〔2018〕99号 的已发布文件" in errors
        assert not DisclosureDocumentPage.objects.filter(slug="unknown").exists()

    def test_a_row_without_target_or_number_is_refused(self):
        response = self._post(
            self._add_url(),
            action="action-publish",
            rows=[{}],
            title="空关系",
            slug="empty",
            organization=str(self.organization.pk),
            body=rich_text("<p>正文。</p>"),
        )
        assert response.status_code == 200
        assert "请从目录中选择被修改或废止的文件" in response.content.decode()

    def test_self_repeal_is_refused(self):
        new = self._create("selfie")
        url = reverse("wagtailadmin_pages:edit", args=(new.pk,))
        response = self._post(url, action="action-publish", rows=[{"target": new.pk}])
        assert response.status_code == 200
        assert "文件不能修改或废止自身" in response.content.decode()
        assert not DocumentRelation.objects.filter(source=new).exists()

    def test_a_cycle_is_refused(self):
        first = self._create("first", rows=[{"kind": "amends", "target": self.old.pk}])
        url = reverse("wagtailadmin_pages:edit", args=(self.old.pk,))
        response = self._post(
            url, action="action-publish", rows=[{"kind": "amends", "target": first.pk}]
        )
        assert response.status_code == 200
        assert "不能循环修改或废止" in response.content.decode()
        assert not DocumentRelation.objects.filter(source=self.old).exists()

    def test_a_second_repeal_is_refused_while_the_first_is_live(self):
        first = self._create("rep1", rows=[{"target": self.old.pk}])
        response = self._post(
            self._add_url(),
            action="action-publish",
            rows=[{"target": self.old.pk}],
            title="第二次废止",
            slug="rep2",
            organization=str(self.organization.pk),
            document_number="示政办发〔2025〕2号",
            body=rich_text("<p>正文。</p>"),
        )
        assert response.status_code == 200
        refused = "已被《示范市政务公开办法》（示政办发〔2025〕1号）废止，不能再次废止"
        assert refused in response.content.decode()
        # Once the first is withdrawn, the second may repeal it.
        first.unpublish()
        self._create(
            "rep2",
            rows=[{"target": self.old.pk}],
            document_number="示政办发〔2025〕2号",
        )
        assert self._fresh(self.old).current_validity == Validity.REPEALED

    def test_the_publication_step_checks_again(self):
        # A draft that was valid when saved, published after another repeal.
        draft = self._create("late", action=None, rows=[{"target": self.old.pk}])
        self._create(
            "early",
            rows=[{"target": self.old.pk}],
            document_number="示政办发〔2025〕5号",
        )
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            draft.get_latest_revision().publish()
        assert not self._fresh(draft).live

    def test_removing_the_relation_restores_the_target(self):
        new = self._create("undo", rows=[{"target": self.old.pk}])
        assert self._fresh(self.old).current_validity == Validity.REPEALED
        url = reverse("wagtailadmin_pages:edit", args=(new.pk,))
        data = browser_form_data(self.client, url)
        data["relations-0-DELETE"] = "1"
        data["action-publish"] = "1"
        response = self.client.post(url, data)
        assert response.status_code == 302, page_errors(response.content.decode())
        assert self._fresh(self.old).current_validity == Validity.VALID
        assert PageLogEntry.objects.filter(
            page=self.old, action="disclosure.relation_withdrawn"
        ).exists()

    def test_an_unpublished_target_is_refused_without_naming_it(self):
        draft = make_document(
            self.other_column,
            organization=self.organization,
            title="他站草稿文件",
            publish=False,
        )
        response = self._post(
            self._add_url(),
            action="action-publish",
            rows=[
                {"target": draft.pk},
                {"target": self.old.pk},
                {"target": self.old.pk},
            ],
            title="引用草稿",
            slug="drafty",
            organization=str(self.organization.pk),
            body=rich_text("<p>正文。</p>"),
        )
        assert response.status_code == 200
        text = " ".join(page_errors(response.content.decode()))
        assert "所选文件尚未发布" in text
        assert "他站草稿文件" not in text
        assert "重复列出" in text
        assert not DisclosureDocumentPage.objects.filter(slug="drafty").exists()
