"""Private documents need the admin's verified session (#14.7).

A superuser passes every collection restriction; with only a password (no TOTP
code yet) they must not download private documents outside /admin/ either.
"""

from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from hardening.services import create_private_collection
from tests.publishing.helpers import pdf_with_text
from tests.two_factor import confirmed_device, current_token, login_verified

PASSWORD = "Pw-123456789-long"


class PrivateDocumentTwoFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.staff = Group.objects.create(name="jyj-staff")
        cls.staff.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.collection = create_private_collection(
            site_name="示范市教育局网站", staff_groups=cls.staff
        )
        cls.document = get_document_model().objects.create(
            title="内部通讯录",
            collection=cls.collection,
            file=SimpleUploadedFile("contacts.pdf", pdf_with_text("x")),
        )
        cls.public_document = get_document_model().objects.create(
            title="公开指南",
            collection=Collection.get_first_root_node(),
            file=SimpleUploadedFile("guide.pdf", pdf_with_text("x")),
        )
        cls.superuser = users.create_superuser("office", password=PASSWORD)
        cls.member = users.create_user("jyj1", password=PASSWORD)
        cls.member.groups.add(cls.staff)

    def _password_login(self, user):
        response = self.client.post(
            reverse("wagtailadmin_login"),
            {"username": user.username, "password": PASSWORD},
        )
        self.assertEqual(response.status_code, 302)

    def _assert_served(self, response):
        # Served directly (local files) or by a signed storage URL (S3).
        if response.status_code == 302:
            self.assertNotIn("/login/", response["Location"])
            self.assertNotIn("/2fa/", response["Location"])
        else:
            self.assertEqual(response.status_code, 200)

    def test_superuser_without_totp_yet_is_sent_to_enrol(self):
        self._password_login(self.superuser)
        url = self.document.url
        response = self.client.get(url)
        self.assertRedirects(
            response,
            f"{reverse('hardening:totp_setup')}?next={quote(url)}",
            fetch_redirect_response=False,
        )

    def test_superuser_with_unverified_session_must_enter_a_code(self):
        device = confirmed_device(self.superuser)
        self._password_login(self.superuser)
        url = self.document.url
        response = self.client.get(url)
        verify = reverse("hardening:totp_verify")
        self.assertRedirects(
            response, f"{verify}?next={quote(url)}", fetch_redirect_response=False
        )
        # The code, as the verification form posts it, leads back to the file.
        response = self.client.post(
            verify, {"token": current_token(device), "next": url}
        )
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self._assert_served(self.client.get(url))

    def test_verified_superuser_downloads(self):
        login_verified(self.client, self.superuser)
        self._assert_served(self.client.get(self.document.url))

    def test_public_documents_do_not_ask_for_a_code(self):
        self._password_login(self.superuser)
        self._assert_served(self.client.get(self.public_document.url))

    def test_staff_who_need_no_second_factor_still_download(self):
        self._password_login(self.member)
        self._assert_served(self.client.get(self.document.url))
