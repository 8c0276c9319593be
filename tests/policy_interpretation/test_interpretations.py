"""Interpretations linked to documents across sites, and the 三同步 warning."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory, TestCase

from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage
from policy_interpretation.selectors import (
    documents_missing_interpretation,
    interpretations_of,
)
from policy_interpretation.wagtail_hooks import warn_when_interpretation_missing
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)


def _interpret(column, slug, *documents, **values):
    page = PolicyInterpretationPage(
        title=f"解读{slug}", slug=slug, body="<p>解读正文</p>", **values
    )
    page.source_links = [InterpretationSource(document=d) for d in documents]
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


class InterpretationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city, city_home = make_site("city", hostname="city.localhost")
        cls.district, district_home = make_site(
            "district", hostname="district.localhost"
        )
        _c, cls.city_docs, cls.city_jd = make_catalog(
            city_home, ("zcwj", "policy"), ("zcjd", "interpretation")
        )
        _c, cls.district_docs, cls.district_jd = make_catalog(
            district_home, ("zcwj", "policy"), ("zcjd", "interpretation")
        )
        organization = make_organization("示范市人民政府办公室")
        cls.policy = make_document(
            cls.city_docs,
            organization=organization,
            slug="policy",
            title="示范市促进就业的若干措施",
            document_number="示政发〔2024〕3号",
            requires_interpretation=True,
        )
        cls.other = make_document(
            cls.city_docs,
            organization=organization,
            slug="other",
            requires_interpretation=True,
        )
        cls.plain = make_document(
            cls.city_docs, organization=organization, slug="plain"
        )
        cls.local = _interpret(cls.city_jd, "jd1", cls.policy, form="qa")
        # Interpretation on the district site of the city's document.
        cls.remote = _interpret(cls.district_jd, "jd2", cls.policy, cls.plain)

    def test_document_lists_its_interpretations_from_every_site(self):
        assert set(interpretations_of(document=self.policy)) == {
            self.local,
            self.remote,
        }
        html = self.client.get(
            "/xxgk/zcwj/policy/", HTTP_HOST="city.localhost"
        ).content.decode()
        assert "相关解读" in html
        assert 'href="/xxgk/zcjd/jd1/"' in html
        # The district's interpretation is linked with its own host.
        assert 'href="http://district.localhost/xxgk/zcjd/jd2/"' in html
        assert "问答" in html

    def test_interpretation_shows_its_sources_with_metadata(self):
        html = self.client.get(
            "/xxgk/zcjd/jd2/", HTTP_HOST="district.localhost"
        ).content.decode()
        assert 'href="http://city.localhost/xxgk/zcwj/policy/"' in html
        assert "示政发〔2024〕3号" in html
        assert self.policy.index_number in html
        assert "示范市人民政府办公室" in html

    def test_unpublished_interpretations_do_not_count(self):
        draft = PolicyInterpretationPage(
            title="草稿解读", slug="draft", body="x", live=False
        )
        draft.source_links = [InterpretationSource(document=self.other)]
        self.city_jd.add_child(instance=draft)
        assert list(documents_missing_interpretation()) == [self.other]
        html = self.client.get(
            "/xxgk/zcwj/other/", HTTP_HOST="city.localhost"
        ).content.decode()
        assert "相关解读" not in html

    def test_missing_interpretations_are_queryable_per_site(self):
        city_root = self.city.root_page
        assert list(documents_missing_interpretation(root=city_root)) == [self.other]
        assert (
            list(documents_missing_interpretation(root=self.district.root_page)) == []
        )

    def _publish_request(self):
        request = RequestFactory().post("/admin/")
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    def test_publishing_without_interpretation_warns_but_does_not_block(self):
        request = self._publish_request()
        assert warn_when_interpretation_missing(request, self.other) is None
        messages = [str(m) for m in get_messages(request)]
        assert len(messages) == 1 and "三同步" in messages[0]
        request = self._publish_request()
        warn_when_interpretation_missing(request, self.policy)
        warn_when_interpretation_missing(request, self.plain)
        assert list(get_messages(request)) == []

    def test_form_specific_requirements(self):
        page = PolicyInterpretationPage(
            title="图解", slug="tj", body="x", form="graphic"
        )
        page.path, page.depth = self.city_jd.path + "ZZZZ", self.city_jd.depth + 1
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        assert "image" in caught.exception.message_dict
        page.form = "video"
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        assert "video_url" in caught.exception.message_dict
