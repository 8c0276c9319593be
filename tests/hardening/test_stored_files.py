"""Stored files take their type from the server's detection, never the browser (#14.3).

Uploads go through the admin views as the browser posts them, with a lying
Content-Type. On S3 the stored object's headers are read back with boto3; on
local storage the document serve view's response headers are checked.
"""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.publishing.helpers import docx_with_text, pdf_with_text
from tests.two_factor import login_verified

LOCAL_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.domain)</script></svg>\n"
)
# Starts as a PDF (and is one), but also carries an SVG document with a script.
POLYGLOT_PDF = pdf_with_text("report") + SVG_SCRIPT
# Harmless for its first 8 KB, then a script.
LATE_SCRIPT_TEXT = (
    "公开内容，一切正常。\n".encode() * 1000 + b"<script>alert(1)</script>\n"
)
CLEAN_TEXT = "姓名,单位\n张三,发改委\n".encode()
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _png(size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def _login_admin(client):
    admin = get_user_model().objects.create_superuser("files-admin", password="Pw-1")
    login_verified(client, admin)
    return admin


def _upload_document(client, title, name, content, content_type):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def _upload_image(client, title, name, content, content_type):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@override_settings(STORAGES=LOCAL_STORAGES)
class LocalStoredFileTests(TestCase):
    def setUp(self):
        _login_admin(self.client)

    def test_script_after_the_first_8kb_of_a_text_file_is_refused(self):
        response = _upload_document(
            self.client, "说明", "说明.txt", LATE_SCRIPT_TEXT, "text/plain"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "内容与扩展名不符")
        self.assertFalse(get_document_model().objects.filter(title="说明").exists())

    def test_served_type_and_disposition_come_from_the_content(self):
        cases = (
            ("扫描件", "scan.pdf", POLYGLOT_PDF, "image/svg+xml", "application/pdf"),
            ("名单", "list.csv", CLEAN_TEXT, "text/html", "text/csv"),
            ("说明", "readme.txt", CLEAN_TEXT, "text/html", "text/plain"),
            ("正文", "body.docx", docx_with_text("正文"), "text/html", WORD),
        )
        for title, name, content, lie, expected in cases:
            response = _upload_document(self.client, title, name, content, lie)
            self.assertEqual(response.status_code, 302, (name, response.content[:300]))
            document = get_document_model().objects.get(title=title)
            served = self.client.get(document.url)
            self.assertEqual(served.status_code, 200)
            self.assertEqual(served["Content-Type"], expected, name)
            self.assertEqual(served["X-Content-Type-Options"], "nosniff")
            disposition = served["Content-Disposition"]
            if expected == "application/pdf":
                self.assertTrue(disposition.startswith("inline"), disposition)
            else:
                self.assertTrue(
                    disposition.startswith("attachment"), (name, disposition)
                )
            # Read, not close(): closing fires request_finished, which would
            # close the test's database connection on PostgreSQL.
            b"".join(served.streaming_content)


class TruncatedImageTests(TestCase):
    """A truncated PNG is a Chinese form error, not a server error (#14 item 12)."""

    def setUp(self):
        _login_admin(self.client)
        self.client.raise_request_exception = True
        whole = _png()
        self.truncated = whole[: len(whole) // 2]

    def test_single_upload_view(self):
        response = _upload_image(
            self.client, "破图", "broken.png", self.truncated, "image/png"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "图片文件已损坏或不完整")
        self.assertFalse(get_image_model().objects.filter(title="破图").exists())

    def test_multiple_upload_view(self):
        # The admin's drag-and-drop uploader posts here, one file per request.
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "files[]": SimpleUploadedFile(
                    "broken.png", self.truncated, "image/png"
                ),
                "collection": Collection.get_first_root_node().pk,
            },
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertFalse(body["success"])
        self.assertIn("图片文件已损坏或不完整", body["error_message"])
        self.assertFalse(get_image_model().objects.exists())

    def test_whole_png_still_uploads(self):
        response = _upload_image(self.client, "好图", "good.png", _png(), "image/png")
        self.assertEqual(response.status_code, 302)


@pytest.mark.s3
@pytest.mark.django_db
class TestStoredObjectsOnS3:
    @pytest.fixture(autouse=True)
    def _admin(self, client, s3_client):
        _login_admin(client)
        self.client = client
        self.s3 = s3_client
        self.bucket = settings.S3_OPTIONS["bucket_name"]

    def _head(self, stored_file):
        head = self.s3.head_object(Bucket=self.bucket, Key=stored_file.name)
        stored_file.delete(save=False)
        return head["ContentType"], head.get("ContentDisposition", "")

    def test_documents_keep_no_client_content_type(self):
        cases = (
            ("扫描件", "scan.pdf", POLYGLOT_PDF, "image/svg+xml", "application/pdf"),
            ("说明", "readme.txt", CLEAN_TEXT, "text/html", "text/plain"),
            ("名单", "list.csv", CLEAN_TEXT, "text/html", "text/csv"),
            ("正文", "body.docx", docx_with_text("正文"), "text/html", WORD),
        )
        for title, name, content, lie, expected in cases:
            response = _upload_document(self.client, title, name, content, lie)
            assert response.status_code == 302, response.content[:300]
            document = get_document_model().objects.get(title=title)
            content_type, disposition = self._head(document.file)
            assert content_type == expected, name
            if expected == "application/pdf":
                assert not disposition.startswith("attachment")
            else:
                assert disposition.startswith("attachment"), (name, disposition)

    def test_late_script_text_is_refused_before_storage(self):
        response = _upload_document(
            self.client, "说明", "说明.txt", LATE_SCRIPT_TEXT, "text/plain"
        )
        assert response.status_code == 200
        assert "内容与扩展名不符" in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_images_keep_no_client_content_type(self):
        response = _upload_image(self.client, "照片", "photo.png", _png(), "text/html")
        assert response.status_code == 302
        image = get_image_model().objects.get(title="照片")
        content_type, disposition = self._head(image.file)
        assert content_type == "image/png"
        assert not disposition.startswith("attachment")
