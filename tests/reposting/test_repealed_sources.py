"""Reposts and interpretations of a repealed document (#17.6) carry a note on
their public pages, and their edit screens warn the editor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from disclosure_pages.models import DisclosureColumnPage, DocumentRelation
from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage
from reposting import services
from tests.factories.disclosure import make_document
from tests.reposting.helpers import build_cluster, get_page
from tests.two_factor import login_verified


class RepealedSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        cls.office = get_user_model().objects.create_superuser(
            "office", "o@example.gov.cn", "x"
        )
        plan = services.plan_reposts(
            source=cls.source, profiles=[cls.county], user=cls.office, kind="policy"
        )
        [cls.repost] = services.repost_document(
            source=cls.source, plan=plan, user=cls.office
        )
        # The 政策解读 column every site opens with (its skeleton).
        interpretations = DisclosureColumnPage.objects.child_of(
            cls.columns[cls.city.pk].get_parent()
        ).get(slug="zcjd", kind="interpretation")
        cls.interpretation = PolicyInterpretationPage(
            title="一图读懂政务公开高质量发展意见", slug="jd", body="<p>解读。</p>"
        )
        cls.interpretation.source_links = [InterpretationSource(document=cls.source)]
        interpretations.add_child(instance=cls.interpretation)
        cls.interpretation.save_revision().publish()
        cls.repealer = make_document(
            cls.library_column,
            organization=cls.state_council,
            title="国务院关于全面推进政务公开的新意见",
            document_number="国发〔2025〕3号",
            publish=False,
        )
        cls.repealer.relations = [DocumentRelation(kind="repeals", target=cls.source)]
        cls.repealer.save_revision().publish()

    def test_the_repost_page_carries_the_note_and_the_relation(self):
        html = get_page(self.client, self.repost).content.decode()
        assert "转载的文件已废止" in html
        assert "国务院关于全面推进政务公开的新意见" in html
        assert "validity-repealed" in html

    def test_the_interpretation_page_carries_a_note(self):
        html = get_page(self.client, self.interpretation).content.decode()
        assert "该文件已废止，本解读仅供查阅" in html

    def test_edit_screens_warn(self):
        login_verified(self.client, self.office)
        for page, text in (
            (self.repost, "转载的文件《国务院关于推动政务公开高质量发展的意见》已废止"),
            (
                self.interpretation,
                "所解读的文件《国务院关于推动政务公开高质量发展的意见》已废止",
            ),
            (self.source, "本文件已被《国务院关于全面推进政务公开的新意见》废止"),
        ):
            response = self.client.get(
                reverse("wagtailadmin_pages:edit", args=(page.pk,))
            )
            assert response.status_code == 200
            assert text in response.content.decode(), page

    def test_unpublishing_the_repealer_removes_the_notes(self):
        self.repealer.refresh_from_db()
        self.repealer.unpublish()
        assert (
            "转载的文件已废止"
            not in get_page(self.client, self.repost).content.decode()
        )
        html = get_page(self.client, self.interpretation).content.decode()
        assert "该文件已废止" not in html
