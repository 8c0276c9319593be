"""新闻发布会: the admin form as the browser posts it, the public pages, the
column listing, and the conference as an interpretation form for 三同步."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text

from inspection.rules.base import InspectionContext
from inspection.rules.disclosure import MissingInterpretationRule
from policy_interpretation.models import (
    InterpretationSource,
    PolicyInterpretationPage,
    PressConferenceDocument,
    PressConferenceInterpretation,
    PressConferencePage,
    PressConferenceSpeaker,
)
from policy_interpretation.selectors import documents_missing_interpretation
from policy_interpretation.wagtail_hooks import warn_when_interpretation_missing
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.two_factor import login_verified

HOST = {"HTTP_HOST": "city.localhost"}


def make_conference(column, slug, *documents, live=True, **values):
    values.setdefault("held_at", timezone.now() - datetime.timedelta(days=1))
    page = PressConferencePage(
        title=values.pop("title", f"发布会{slug}"),
        slug=slug,
        topic=values.pop("topic", "就业政策"),
        host=values.pop("host", "市政府新闻办主任 张明"),
        transcript="<p>实录</p>",
        live=False,
        **values,
    )
    page.speakers = [PressConferenceSpeaker(name="李华", position="市人社局局长")]
    page.document_links = [PressConferenceDocument(document=d) for d in documents]
    column.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


class PressConferenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "office", "o@example.invalid", "pw"
        )
        cls.site, home = make_site("city", hostname="city.localhost")
        _s, district_home = make_site("district", hostname="district.localhost")
        _c, cls.docs, cls.jd, cls.fbh, cls.policy_column = make_catalog(
            home,
            ("zcwj", "policy"),
            ("zcjd", "interpretation"),
            ("xwfbh", "press_conference"),
            ("other", "policy"),
        )
        _c, cls.district_docs = make_catalog(district_home, ("zcwj", "policy"))
        organization = make_organization("示范市人民政府办公室")
        cls.policy = make_document(
            cls.docs,
            organization=organization,
            slug="policy",
            title="示范市促进就业的若干措施",
            requires_interpretation=True,
        )
        # A document of another site, linked across the cluster.
        cls.remote = make_document(
            cls.district_docs,
            organization=organization,
            slug="remote",
            title="东城区就业补贴办法",
            requires_interpretation=True,
        )
        cls.interpretation = PolicyInterpretationPage(
            title="就业措施解读", slug="jd1", body="<p>解读</p>"
        )
        cls.interpretation.source_links = [InterpretationSource(document=cls.remote)]
        cls.jd.add_child(instance=cls.interpretation)
        cls.interpretation.save_revision().publish()

    def setUp(self):
        self.client.defaults.update(HOST)
        login_verified(self.client, self.user)

    # --- the admin form ---

    def _add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=("policy_interpretation", "pressconferencepage", self.fbh.pk),
        )

    def _fields(self, **overrides):
        held = timezone.localtime() - datetime.timedelta(hours=3)
        photo = Image.objects.create(title="发布会现场", file=get_test_image_file())
        fields = {
            "title": "示范市促进就业政策新闻发布会",
            "slug": "jiuye",
            "topic": "解读促进就业的若干措施",
            "held_at": held.strftime("%Y-%m-%d %H:%M"),
            "venue": "市政府新闻发布厅",
            "host": "市政府新闻办主任 张明",
            "transcript": rich_text("<p>张明：各位记者朋友，大家上午好。</p>"),
            "video_url": "https://video.example.gov.cn/fbh/1",
            "speakers-TOTAL_FORMS": "2",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-name": "李华",
            "speakers-0-position": "市人社局局长",
            "speakers-0-ORDER": "1",
            "speakers-0-id": "",
            "speakers-1-name": "王芳",
            "speakers-1-position": "市财政局副局长",
            "speakers-1-ORDER": "2",
            "speakers-1-id": "",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-0-image": str(photo.pk),
            "images-0-alt_text": "发布会现场，发布人回答记者提问",
            "images-0-caption": "发布会现场",
            "images-0-ORDER": "1",
            "images-0-id": "",
            "document_links-TOTAL_FORMS": "2",
            "document_links-INITIAL_FORMS": "0",
            "document_links-0-document": str(self.policy.pk),
            "document_links-0-ORDER": "1",
            "document_links-0-id": "",
            "document_links-1-document": str(self.remote.pk),
            "document_links-1-ORDER": "2",
            "document_links-1-id": "",
            "interpretation_links-TOTAL_FORMS": "1",
            "interpretation_links-INITIAL_FORMS": "0",
            "interpretation_links-0-interpretation": str(self.interpretation.pk),
            "interpretation_links-0-ORDER": "1",
            "interpretation_links-0-id": "",
        }
        fields.update(overrides)
        return fields

    def _post(self, url, **overrides):
        return self.client.post(url, browser_form_data(self.client, url, **overrides))

    def test_create_draft_publish_and_resave_unchanged(self):
        response = self._post(self._add_url(), **self._fields())
        assert response.status_code == 302, page_errors(response.content.decode())
        page = PressConferencePage.objects.get(slug="jiuye")
        assert not page.live  # saved as a draft
        assert (
            documents_missing_interpretation(root=self.site.root_page)
            .filter(pk=self.policy.pk)
            .exists()
        )

        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        page.refresh_from_db()
        assert page.live
        assert [s.name for s in page.speakers.order_by("sort_order")] == [
            "李华",
            "王芳",
        ]
        assert page.live_documents() == [self.policy, self.remote]
        assert page.live_interpretations() == [self.interpretation]
        assert page.images.get().alt_text == "发布会现场，发布人回答记者提问"
        # The conference meets 三同步 for both documents, on both sites.
        assert not documents_missing_interpretation().filter(
            pk__in=[self.policy.pk, self.remote.pk]
        )

        revisions = page.revisions.count()
        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        page.refresh_from_db()
        assert page.speakers.count() == 2 and page.document_links.count() == 2
        assert page.revisions.count() == revisions + 1

    def test_bad_video_addresses_are_refused_in_chinese(self):
        for url in ("ftp://video.example.gov.cn/1.mp4", "javascript:alert(1)"):
            response = self._post(self._add_url(), **self._fields(video_url=url))
            assert response.status_code == 200
            errors = " ".join(page_errors(response.content.decode()))
            assert "http:// 或 https://" in errors, errors
        assert not PressConferencePage.objects.exists()
        assert not PressConferenceSpeaker.objects.exists()

    def test_an_image_needs_its_text_alternative_to_publish(self):
        response = self._post(
            self._add_url(),
            **self._fields(**{"images-0-alt_text": "", "action-publish": "publish"}),
        )
        assert response.status_code == 200
        assert "替代文本" in response.content.decode()
        assert not PressConferencePage.objects.exists()

    def test_only_in_a_press_conference_column(self):
        assert PressConferencePage.can_exist_under(self.fbh)
        assert not PressConferencePage.can_exist_under(self.docs)

    # --- public pages ---

    def test_public_page_and_both_way_links(self):
        photo = Image.objects.create(title="现场", file=get_test_image_file())
        page = make_conference(self.fbh, "fbh1", self.policy, self.remote)
        page.images.create(image=photo, alt_text="发布人回答记者提问")
        page.save_revision().publish()
        self.client.logout()
        html = self.client.get("/xxgk/xwfbh/fbh1/").content.decode()
        assert "市政府新闻办主任 张明" in html
        assert "市人社局局长 李华" in html
        assert 'alt="发布人回答记者提问"' in html
        assert 'href="/xxgk/zcwj/policy/"' in html
        assert 'href="http://district.localhost/xxgk/zcwj/remote/"' in html
        assert '<meta name="ArticleTitle" content="发布会fbh1">' in html
        # The documents list the conference among their interpretations.
        html = self.client.get("/xxgk/zcwj/policy/").content.decode()
        assert "相关解读" in html and 'href="/xxgk/xwfbh/fbh1/"' in html
        html = self.client.get(
            "/xxgk/zcwj/remote/", HTTP_HOST="district.localhost"
        ).content.decode()
        assert 'href="http://city.localhost/xxgk/xwfbh/fbh1/"' in html

    def test_interpretation_page_links_its_press_conference(self):
        page = make_conference(self.fbh, "fbh2", self.remote, live=False)
        page.interpretation_links = [
            PressConferenceInterpretation(interpretation=self.interpretation)
        ]
        page.save_revision().publish()
        self.client.logout()
        html = self.client.get("/xxgk/zcjd/jd1/").content.decode()
        assert 'href="/xxgk/xwfbh/fbh2/"' in html
        html = self.client.get("/xxgk/xwfbh/fbh2/").content.decode()
        assert 'href="/xxgk/zcjd/jd1/"' in html

    def test_column_lists_conferences_newest_first(self):
        now = timezone.now()
        make_conference(self.fbh, "old", held_at=now - datetime.timedelta(days=40))
        make_conference(self.fbh, "new", held_at=now - datetime.timedelta(days=2))
        make_conference(self.fbh, "draft", live=False)
        self.client.logout()
        html = self.client.get("/xxgk/xwfbh/").content.decode()
        assert html.index("发布会new") < html.index("发布会old")
        assert "发布会draft" not in html
        assert '<meta name="ColumnType" content="新闻发布会">' in html

    # --- 三同步 ---

    def test_a_live_conference_satisfies_the_interpretation_requirement(self):
        rule = MissingInterpretationRule()
        draft = make_conference(self.fbh, "draft", self.policy, live=False)
        assert documents_missing_interpretation().filter(pk=self.policy.pk).exists()
        draft.save_revision().publish()
        assert not documents_missing_interpretation().filter(pk=self.policy.pk)
        context = InspectionContext(today=timezone.localdate())
        profile = self.site.profile
        assert [p.page_id for p in rule.check(site=profile, context=context)] == []

        request = RequestFactory().post("/admin/")
        request.session = {}
        request._messages = FallbackStorage(request)
        warn_when_interpretation_missing(request, self.policy)
        assert list(get_messages(request)) == []

        PressConferencePage.objects.get(pk=draft.pk).unpublish()
        assert [p.page_id for p in rule.check(site=profile, context=context)] == [
            self.policy.pk
        ]
