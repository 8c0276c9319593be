"""The intake tests' shared pieces: an office on its site's host, the form data."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import DisclosureOffice
from disclosure_pages.models import DisclosureGuidePage, DisclosureIndexPage
from tests.admin_forms import form_fields
from tests.factories.disclosure import make_catalog

# GB 11643 sample numbers with right check characters.
RESIDENT_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"
CREDIT_CODE = "91350100M000100Y43"
BAD_CREDIT_CODE = "91350100M000100Y44"
FORM_SELECTOR = "form.application-form"


def host_of(office: DisclosureOffice) -> str:
    return office.site.hosting_site().primary_domain.hostname


def apply_url(office: DisclosureOffice, prefix: str = "") -> str:
    return f"{prefix}/applications/{office.pk}/apply/"


def natural_person(**overrides) -> dict:
    data = {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "work_unit": "示范市第一中学",
        "address": "示范市人民路2号",
        "postcode": "100000",
        "phone": "138-1234-5678",
        "email": "zhangsan@example.com",
        "info_title": "2025年示范市财政预算执行情况",
        "info_document_number": "示财〔2025〕1号",
        "info_description": "请提供该文件全文及附件。",
        "delivery_form": "electronic",
        "delivery_channel": "email",
    }
    data.update(overrides)
    return data


def legal_person(**overrides) -> dict:
    data = {
        "applicant_type": "commercial",
        "name": "示范科技有限公司",
        "credit_code": CREDIT_CODE,
        "legal_representative": "李四",
        "contact_person": "王五",
        "address": "示范市高新区1号",
        "postcode": "100001",
        "phone": "010-12345678",
        "email": "",
        "info_title": "某项目环境影响评价批复",
        "info_document_number": "",
        "info_description": "请提供批复文件。",
        "delivery_form": "paper",
        "delivery_channel": "post",
    }
    data.update(overrides)
    return data


def browser_post(client, office, data: dict, *, ip="203.0.113.7", files=None):
    """GET the form on the office's host, then post what the browser sends."""
    host = host_of(office)
    page = client.get(apply_url(office), HTTP_HOST=host)
    assert page.status_code == 200
    sent = form_fields(page.content.decode(), form_selector=FORM_SELECTOR)
    sent.update(data)
    sent.update(files or {})
    return client.post(apply_url(office), sent, HTTP_HOST=host, REMOTE_ADDR=ip)


def pdf_file(name="proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf"
    )


def png_file(name="proof.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def add_guide(root) -> DisclosureGuidePage:
    catalog = root.get_children().type(DisclosureIndexPage).first()
    if catalog is None:
        catalog = make_catalog(root.specific)[0]
    guide = DisclosureGuidePage(title="政府信息公开指南", slug="zn", body="<p>指南</p>")
    catalog.specific.add_child(instance=guide)
    guide.save_revision().publish()
    return guide
