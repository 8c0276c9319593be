"""Media files live in a real S3-protocol server (S3Proxy, see scripts/services.sh)."""

import urllib.request

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

PDF = b"%PDF-1.4\n% govcluster test document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_uploaded_document_lands_in_bucket_and_is_served(admin_client, s3_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "政府信息公开指南",
            "file": SimpleUploadedFile("guide.pdf", PDF, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get(title="政府信息公开指南")

    bucket, key = settings.S3_OPTIONS["bucket_name"], document.file.name
    stored = s3_client.get_object(Bucket=bucket, Key=key)
    assert stored["Body"].read() == PDF

    # Wagtail serves remote files by redirecting to the storage's signed URL.
    served = admin_client.get(document.url)
    assert served.status_code == 302
    location = served["Location"]
    assert location.startswith(settings.S3_OPTIONS["endpoint_url"])
    with urllib.request.urlopen(location, timeout=10) as remote:  # noqa: S310
        assert remote.read() == PDF

    document.file.delete(save=False)
    with pytest.raises(s3_client.exceptions.NoSuchKey):
        s3_client.get_object(Bucket=bucket, Key=key)
