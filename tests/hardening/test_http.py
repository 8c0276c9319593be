"""Security headers, upload checks by content and private documents."""

import io
import os
import subprocess
import sys
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from hardening.services import create_private_collection
from hardening.uploads import validate_upload
from site_registry.lifecycle import close_site
from site_registry.models import SiteProfile
from tests.config.test_env import PRODUCTION, ROOT
from tests.publishing.helpers import build_site, docx_with_text, pdf_with_text
from tests.two_factor import login_verified

PHP = b"<?php system($_GET['cmd']); ?>\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site("hdr", "hdr.localhost")
        closed = build_site("gone", "gone.localhost")
        close_site(profile=SiteProfile.objects.get(site=closed.site))

    def _assert_headers(self, response, *, framing="DENY"):
        csp = response["Content-Security-Policy"]
        ancestors = "'self'" if framing == "SAMEORIGIN" else "'none'"
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            f"frame-ancestors {ancestors}",
            "base-uri 'self'",
        ):
            self.assertIn(directive, csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertEqual(response["X-Frame-Options"], framing)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")

    def test_public_page_and_admin_login(self):
        self._assert_headers(self.client.get("/", HTTP_HOST="hdr.localhost"))
        # The admin previews pages in a same-origin frame.
        self._assert_headers(
            self.client.get("/admin/login/", HTTP_HOST="hdr.localhost"),
            framing="SAMEORIGIN",
        )

    def test_error_responses_carry_the_headers(self):
        # #14.10: the registry's 400 and 410 answered before any header was set.
        cases = [
            (self.client.get("/", HTTP_HOST="unknown.localhost"), 400),
            (self.client.get("/xxgk/", HTTP_HOST="gone.localhost"), 410),
            (self.client.get("/no-such-page/", HTTP_HOST="hdr.localhost"), 404),
            (self.client.get("/search/?q=%00", HTTP_HOST="hdr.localhost"), 400),
            (self.client.get("/api/search/?q=%00", HTTP_HOST="hdr.localhost"), 400),
            (self.client.get("/healthz", HTTP_HOST="10.0.0.1"), 200),
        ]
        for response, status in cases:
            with self.subTest(status=status, path=response.request["PATH_INFO"]):
                self.assertEqual(response.status_code, status)
                self._assert_headers(response)

    def test_server_error_page_carries_the_headers(self):
        self.client.raise_request_exception = False
        with mock.patch(
            "search.views.selectors.parse_search_request",
            side_effect=RuntimeError("boom"),
        ):
            response = self.client.get("/search/?q=x", HTTP_HOST="hdr.localhost")
        self.assertEqual(response.status_code, 500)
        self.assertIn("服务", response.content.decode())
        self._assert_headers(response)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_https_redirect_only_for_registered_hosts(self):
        # The redirect target comes from the Host header: an unknown host is
        # refused (400), never sent to https://<attacker's host>/.
        unknown = self.client.get("/", HTTP_HOST="evil.example.com")
        self.assertEqual(unknown.status_code, 400)
        self._assert_headers(unknown)
        known = self.client.get("/xxgk/", HTTP_HOST="hdr.localhost")
        self.assertEqual(known.status_code, 301)
        self.assertEqual(known["Location"], "https://hdr.localhost/xxgk/")

    def test_no_hsts_outside_production(self):
        response = self.client.get("/admin/login/", HTTP_HOST="hdr.localhost")
        self.assertFalse(response.has_header("Strict-Transport-Security"))

    @override_settings(
        SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True
    )
    def test_hsts_header_on_https(self):
        response = self.client.get(
            "/admin/login/", HTTP_HOST="hdr.localhost", secure=True
        )
        self.assertEqual(
            response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains"
        )
        for response in (
            self.client.get("/", HTTP_HOST="unknown.localhost", secure=True),
            self.client.get("/", HTTP_HOST="gone.localhost", secure=True),
        ):
            self.assertEqual(
                response["Strict-Transport-Security"],
                "max-age=31536000; includeSubDomains",
            )


def test_production_settings_enable_hsts_and_secure_cookies():
    code = (
        "import config.settings.production as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTION},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "DENY"]


class UploadTests(TestCase):
    def _document_form(self, name, content):
        form_class = get_document_form(get_document_model())
        return form_class(
            data={"title": "附件"},
            files={"file": SimpleUploadedFile(name, content)},
        )

    def test_php_renamed_pdf_is_rejected_in_chinese(self):
        form = self._document_form("通知.pdf", PHP)
        self.assertFalse(form.is_valid())
        self.assertIn("内容与扩展名不符", form.errors["file"][0])
        self.assertIn("PDF", form.errors["file"][0])

    def test_real_files_are_accepted(self):
        for name, content in (
            ("通知.pdf", pdf_with_text("hello")),
            ("通知.docx", docx_with_text("正文")),
            ("名单.csv", "姓名,单位\n张三,发改委\n".encode()),
            ("旧稿.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
            ("图.png", _png()),
        ):
            form = self._document_form(name, content)
            self.assertTrue(form.is_valid(), (name, form.errors))

    def test_other_mismatches_and_disallowed_extensions(self):
        self.assertFalse(self._document_form("表.xlsx", pdf_with_text("x")).is_valid())
        self.assertFalse(self._document_form("说明.txt", PHP).is_valid())
        form = self._document_form("shell.php", PHP)
        self.assertFalse(form.is_valid())

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=100)
    def test_size_limit(self):
        with self.assertRaisesMessage(Exception, "过大"):
            validate_upload(SimpleUploadedFile("a.txt", b"a" * 101))

    def test_php_renamed_png_is_rejected_as_image(self):
        form_class = get_image_form(get_image_model())
        form = form_class(
            data={"title": "图片"},
            files={"file": SimpleUploadedFile("photo.png", PHP)},
        )
        self.assertFalse(form.is_valid())
        self.assertIn("file", form.errors)

    def test_admin_upload_view_rejects_the_php_file(self):
        admin = get_user_model().objects.create_superuser("up", password="Pw-123456789")
        login_verified(self.client, admin)
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "恶意", "file": SimpleUploadedFile("恶意.pdf", PHP)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "内容与扩展名不符")
        self.assertFalse(get_document_model().objects.filter(title="恶意").exists())


class PrivateCollectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        user_model = get_user_model()
        cls.staff = Group.objects.create(name="jyj-staff")
        cls.staff.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.member = user_model.objects.create_user("jyj1", password="Pw-123456789")
        cls.member.groups.add(cls.staff)
        cls.outsider = user_model.objects.create_user("fgw1", password="Pw-123456789")
        cls.collection = create_private_collection(
            site_name="示范市教育局网站", staff_groups=cls.staff
        )
        cls.document = get_document_model().objects.create(
            title="内部通讯录",
            collection=cls.collection,
            file=SimpleUploadedFile("contacts.pdf", pdf_with_text("x")),
        )

    def test_idempotent(self):
        again = create_private_collection(
            site_name="示范市教育局网站", staff_groups=[self.staff]
        )
        self.assertEqual(again, self.collection)
        self.assertEqual(self.collection.name, "示范市教育局网站·内部文档")

    def _assert_sent_to_login(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_only_the_sites_staff_can_download(self):
        url = self.document.url
        self._assert_sent_to_login(self.client.get(url))
        self.client.force_login(self.outsider)
        self._assert_sent_to_login(self.client.get(url))
        self.client.force_login(self.member)
        response = self.client.get(url)
        # Served directly (local files) or by a signed storage URL (S3).
        if response.status_code == 302:
            self.assertNotIn("/login/", response["Location"])
        else:
            self.assertEqual(response.status_code, 200)
