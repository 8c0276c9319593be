"""建议提案办理结果: replies posted through the admin form as disclosure
documents, the publish gate over the reply, the column with its filters."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from disclosure_pages.choices import HandlingResult, ProposerType
from disclosure_pages.models import DisclosureDocumentPage, ProposalReplyPage
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import make_catalog, make_organization, make_site
from tests.publishing.helpers import VALID_ID
from tests.two_factor import login_verified

HOST = {"HTTP_HOST": "city.localhost"}
YEAR = timezone.localdate().year


def make_reply(column, organization, slug, **values):
    values.setdefault("title", f"对市人大代表第{slug}号建议的答复")
    page = ProposalReplyPage(
        slug=slug,
        organization=organization,
        body="<p>您提出的建议收悉，现答复如下。</p>",
        proposer_type=values.pop("proposer_type", ProposerType.DEPUTY),
        proposal_number=values.pop("proposal_number", f"第{slug}号"),
        session=values.pop("session", "市十七届人大三次会议"),
        session_year=values.pop("session_year", YEAR),
        proposal_title=values.pop("proposal_title", "关于加强社区养老服务的建议"),
        handling_result=values.pop("handling_result", HandlingResult.SOLVED),
        live=False,
        **values,
    )
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


class ProposalReplyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "office", "o@example.invalid", "pw"
        )
        cls.site, home = make_site("city", hostname="city.localhost")
        _c, cls.jytabl, cls.docs = make_catalog(
            home, ("jytabl", "proposal_result"), ("zcwj", "policy")
        )
        cls.organization = make_organization("示范市民政局")

    def setUp(self):
        self.client.defaults.update(HOST)
        login_verified(self.client, self.user)

    def _add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "proposalreplypage", self.jytabl.pk),
        )

    def _fields(self, **overrides):
        fields = {
            "title": "对市十七届人大三次会议第0123号建议的答复",
            "slug": "",
            "organization": str(self.organization.pk),
            "document_number": f"示民建复〔{YEAR}〕12号",
            "genre": "letter",
            "validity": "valid",
            "disclosure_mode": "proactive",
            "proposer_type": "deputy",
            "proposal_number": "第0123号",
            "session": "市十七届人大三次会议",
            "session_year": str(YEAR),
            "proposal_title": "关于加强社区养老服务的建议",
            "proposer": "王强代表",
            "handling_result": "a",
            "body": rich_text(
                "<p>王强代表：您提出的《关于加强社区养老服务的建议》收悉。"
                "经研究，现答复如下：我局已将社区养老服务纳入年度重点工作。</p>"
            ),
        }
        fields.update(overrides)
        return fields

    def _post(self, url, **overrides):
        return self.client.post(url, browser_form_data(self.client, url, **overrides))

    def test_create_draft_publish_and_resave_unchanged(self):
        response = self._post(self._add_url(), **self._fields())
        assert response.status_code == 302, page_errors(response.content.decode())
        reply = ProposalReplyPage.objects.get(proposal_number="第0123号")
        assert not reply.live and not reply.index_number

        edit = reverse("wagtailadmin_pages:edit", args=(reply.pk,))
        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        reply.refresh_from_db()
        # A reply is a disclosure document: numbered at publication.
        assert reply.live and reply.index_number.startswith(self.organization.org_code)
        assert DisclosureDocumentPage.objects.filter(pk=reply.pk).exists()
        number = reply.index_number

        response = self._post(edit, **{"action-publish": "publish"})
        assert response.status_code == 302, page_errors(response.content.decode())
        reply.refresh_from_db()
        assert reply.index_number == number
        assert reply.get_handling_result_display() == "A类：所提问题已经解决或采纳"

        self.client.logout()
        html = self.client.get(reply.url_path.removeprefix("/city")).content.decode()
        assert "人大代表建议" in html and "第0123号" in html
        assert "市十七届人大三次会议" in html and "王强代表" in html
        assert number in html
        assert '<meta name="ArticleTitle"' in html

    def test_bad_input_is_refused_in_chinese(self):
        response = self._post(
            self._add_url(),
            **self._fields(session_year=str(YEAR + 1), proposal_number="无编号"),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "会议年份应在 1954 年至今年之间。" in html
        assert "建议提案编号应包含数字" in html
        assert not ProposalReplyPage.objects.exists()

    def test_publishing_needs_the_proposal_fields(self):
        response = self._post(
            self._add_url(),
            **self._fields(handling_result="", **{"action-publish": "publish"}),
        )
        assert response.status_code == 200
        assert not ProposalReplyPage.objects.exists()

    def test_personal_data_in_the_reply_blocks_publication(self):
        body = rich_text(f"<p>王强代表（身份证号{VALID_ID}）：您的建议收悉。</p>")
        response = self._post(
            self._add_url(), **self._fields(body=body, **{"action-publish": "publish"})
        )
        reply = ProposalReplyPage.objects.get(proposal_number="第0123号")
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("publishing:check", args=[reply.pk]) + "?next=publish"
        )
        reply.refresh_from_db()
        assert not reply.live

    def test_column_lists_replies_with_type_and_year_filters(self):
        make_reply(self.jytabl, self.organization, "0001")
        make_reply(
            self.jytabl,
            self.organization,
            "0002",
            title="对市政协委员第0002号提案的答复",
            proposer_type=ProposerType.MEMBER,
            session="市政协十三届三次会议",
        )
        make_reply(
            self.jytabl,
            self.organization,
            "0003",
            title="对去年第0003号建议的答复",
            session_year=YEAR - 1,
            handling_result=HandlingResult.REFERENCE,
        )
        self.client.logout()
        html = self.client.get("/xxgk/jytabl/").content.decode()
        assert "共 3 篇" in html
        assert html.index("第0001号建议") < html.index("去年第0003号")
        assert "C类：因条件限制留作参考" in html
        assert '<meta name="ColumnType" content="建议提案办理结果">' in html
        html = self.client.get("/xxgk/jytabl/?type=member").content.decode()
        assert "共 1 篇" in html and "第0002号提案" in html
        html = self.client.get(f"/xxgk/jytabl/?year={YEAR - 1}").content.decode()
        assert "共 1 篇" in html and "去年第0003号" in html
        # Unknown filter values are ignored, not errors.
        html = self.client.get("/xxgk/jytabl/?type=x&year=abc").content.decode()
        assert "共 3 篇" in html

    def test_only_in_a_proposal_result_column(self):
        assert ProposalReplyPage.can_exist_under(self.jytabl)
        assert not ProposalReplyPage.can_exist_under(self.docs)
