"""The 发布机构 field refuses, server-side, what the chooser does not offer (13.13)."""

from django.test import TestCase
from django.urls import reverse

from disclosure_pages.models import DisclosureDocumentPage
from site_registry.models import SiteProfile
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import make_organization
from tests.publishing.helpers import build_site, make_document


class OrganizationFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = build_site("orga", "orga.localhost")
        cls.other = build_site("orgb", "orgb.localhost")
        for test_site in (cls.own, cls.other):
            profile = SiteProfile.objects.get(site=test_site.site)
            test_site.organization.sites.add(profile)
        cls.page = make_document(cls.own, slug="org-doc")
        cls.url = reverse("wagtailadmin_pages:edit", args=(cls.page.pk,))

    def setUp(self):
        self.client.force_login(self.own.editor)

    def _save(self, organization):
        data = browser_form_data(
            self.client, self.url, organization=str(organization.pk)
        )
        return self.client.post(self.url, data)

    def test_another_sites_organisation_posted_directly_is_refused(self):
        response = self._save(self.other.organization)
        self.assertEqual(response.status_code, 200)
        errors = " ".join(page_errors(response.content.decode()))
        self.assertIn("不属于您编辑的网站", errors)
        page = DisclosureDocumentPage.objects.get(pk=self.page.pk)
        self.assertEqual(
            page.get_latest_revision_as_object().organization_id,
            self.own.organization.pk,
        )

    def test_own_sites_organisation_is_accepted(self):
        unlinked = make_organization("orga另一个处室")
        unlinked.sites.add(SiteProfile.objects.get(site=self.own.site))
        response = self._save(unlinked)
        self.assertEqual(
            response.status_code, 302, page_errors(response.content.decode())
        )
        page = DisclosureDocumentPage.objects.get(pk=self.page.pk)
        self.assertEqual(
            page.get_latest_revision_as_object().organization_id, unlinked.pk
        )

    def test_a_document_keeps_an_organisation_no_longer_offered(self):
        self.own.organization.sites.clear()
        response = self._save(self.own.organization)
        self.assertEqual(
            response.status_code, 302, page_errors(response.content.decode())
        )
