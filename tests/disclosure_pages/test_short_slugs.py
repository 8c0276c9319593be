"""New pages get short ASCII slugs; slug clashes are explained in Chinese (13.5).

Wagtail's admin script fills the slug from the title, so the browser posts the
Chinese title as the slug; these tests post what the browser posts.
"""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from disclosure_pages.models import DisclosureDocumentPage
from tests.admin_forms import browser_form_data, page_errors
from tests.publishing.helpers import build_site
from tests.two_factor import login_verified

TITLE = "示范市人民政府办公室关于印发2024年政务公开工作要点的通知"


class ShortSlugTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site("slug", "slug.localhost")
        cls.admin = get_user_model().objects.create_superuser(
            "slug-admin", "s@example.invalid", "pw"
        )

    def setUp(self):
        login_verified(self.client, self.admin)
        self.url = reverse(
            "wagtailadmin_pages:add",
            args=("disclosure_pages", "disclosuredocumentpage", self.site.column.pk),
        )

    def _post(self, *, slug, document_number="示办发〔2024〕12号", title=TITLE):
        data = browser_form_data(
            self.client,
            self.url,
            title=title,
            slug=slug,
            organization=str(self.site.organization.pk),
            document_number=document_number,
            body=rich_text("<p>正文。</p>"),
        )
        data["action-publish"] = "1"
        return self.client.post(self.url, data)

    def test_slug_filled_from_a_chinese_title_becomes_the_document_number(self):
        response = self._post(slug=TITLE)  # as Wagtail's script fills it
        assert response.status_code == 302, page_errors(response.content.decode())
        page = DisclosureDocumentPage.objects.get(title=TITLE)
        assert page.slug == "2024-12" and page.live
        assert page.get_latest_revision().content["slug"] == "2024-12"
        public = self.client.get("/xxgk/zcwj/2024-12/", HTTP_HOST="slug.localhost")
        assert public.status_code == 200
        assert page.index_number in public.content.decode()

    def test_without_document_number_a_short_id(self):
        response = self._post(slug="", document_number="")
        assert response.status_code == 302, page_errors(response.content.decode())
        slug = DisclosureDocumentPage.objects.get(title=TITLE).slug
        assert slug.isascii() and len(slug) <= 12, slug

    def test_a_typed_slug_is_kept(self):
        for slug in ("work-plan-2024", "通知"):
            response = self._post(slug=slug, title=f"{TITLE}{slug}")
            assert response.status_code == 302
            assert DisclosureDocumentPage.objects.filter(slug=slug).exists()

    def test_a_clash_is_explained_in_chinese_and_nothing_is_written(self):
        assert self._post(slug=TITLE).status_code == 302
        # The same document posted again (e.g. while an autosave had saved it).
        response = self._post(slug=TITLE)
        assert response.status_code == 200
        errors = " ".join(page_errors(response.content.decode()))
        assert "缩略名“2024-12”已被本栏目中的另一个页面使用" in errors
        assert "already in use" not in response.content.decode()
        assert DisclosureDocumentPage.objects.filter(title=TITLE).count() == 1

    def test_a_published_page_keeps_its_slug(self):
        assert self._post(slug="keep-me", document_number="").status_code == 302
        page = DisclosureDocumentPage.objects.get(slug="keep-me")
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = browser_form_data(self.client, url, slug="")
        response = self.client.post(url, data)
        assert response.status_code == 200  # Wagtail asks for the slug
        assert DisclosureDocumentPage.objects.get(pk=page.pk).slug == "keep-me"
