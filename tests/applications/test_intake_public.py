"""The online application form, posted on the office's site host as a browser does."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage

from applications.choices import Action, Channel, Status
from applications.models import Application, ApplicationEvent
from tests.applications.factories import make_office
from tests.applications.intake_support import (
    BAD_CHECK_ID,
    BAD_CREDIT_CODE,
    RESIDENT_ID,
    apply_url,
    browser_post,
    host_of,
    legal_person,
    natural_person,
    pdf_file,
    png_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_storage(settings, tmp_path, monkeypatch):
    """The proof field's private storage and the public media, in temporary
    folders of their own (the field resolved its storage at import)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    field = Application._meta.get_field("identity_proof")
    monkeypatch.setattr(
        field,
        "storage",
        FileSystemStorage(location=tmp_path / "private", base_url=None),
    )
    return tmp_path


@pytest.fixture
def office():
    return make_office(postcode="100000", email="xxgk@example.gov.cn")


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_form_is_served_on_the_offices_own_host_only(client, office):
    response = client.get(apply_url(office), HTTP_HOST=host_of(office))
    assert response.status_code == 200
    body = response.content.decode()
    assert office.organization.name in body
    assert 'name="homepage"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "no-store" in response["Cache-Control"]
    other = make_office()
    assert client.get(apply_url(office), HTTP_HOST=host_of(other)).status_code == 404
    assert (
        client.get("/applications/999999/apply/", HTTP_HOST=host_of(office)).status_code
        == 404
    )


def test_office_not_accepting_online_is_404(client, office):
    office.accepts_online = False
    office.save()
    assert client.get(apply_url(office), HTTP_HOST=host_of(office)).status_code == 404


def test_form_works_in_english(client, office):
    response = client.get(apply_url(office, "/en"), HTTP_HOST=host_of(office))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_natural_person_is_received_with_number_and_code_shown_once(client, office):
    response = browser_post(client, office, natural_person())
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.organization == office.organization
    assert application.channel == Channel.ONLINE
    assert application.status == Status.SUBMITTED
    assert application.received_on is None and application.due_date is None
    assert application.name == "张三"
    assert application.id_number == RESIDENT_ID
    assert application.phone == "13812345678"
    assert application.credit_code == ""
    assert application.registration_number.endswith("-00001")
    assert str(application.submitted_at.year) in application.registration_number
    event = ApplicationEvent.objects.get(application=application)
    assert (event.action, event.to_status) == (Action.SUBMITTED, Status.SUBMITTED)
    # The code is never in a URL: the done page shows it from the session, once.
    assert application.query_code not in response["Location"]
    done = client.get(response["Location"], HTTP_HOST=host_of(office))
    body = done.content.decode()
    assert application.registration_number in body
    assert application.query_code in body
    again = client.get(response["Location"], HTTP_HOST=host_of(office))
    assert application.query_code not in again.content.decode()


def test_legal_person_is_received(client, office):
    response = browser_post(
        client, office, legal_person(credit_code="91350100m000100y43")
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_type == "commercial"
    assert application.credit_code == "91350100M000100Y43"
    assert application.legal_representative == "李四"
    assert application.id_type == "" and application.id_number == ""
    assert application.phone == "010-12345678"


def test_serials_count_per_organ(client, office):
    browser_post(client, office, natural_person())
    browser_post(
        client, office, natural_person(info_title="另一项信息"), ip="203.0.113.8"
    )
    numbers = sorted(Application.objects.values_list("registration_number", flat=True))
    assert [n[-5:] for n in numbers] == ["00001", "00002"]


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"name": ""}, "请填写申请人姓名或名称。"),
        ({"applicant_type": ""}, "请选择申请人类型。"),
        ({"id_type": ""}, "请选择证件类型。"),
        ({"id_number": ""}, "请填写证件号码。"),
        ({"id_number": BAD_CHECK_ID}, "居民身份证号码的校验位不正确"),
        ({"id_number": "1101051949123100"}, "居民身份证号码应为18位"),
        ({"postcode": "10000"}, "邮政编码应为6位数字。"),
        ({"phone": "12345"}, "请填写正确的手机号码"),
        ({"phone": ""}, "请填写联系电话。"),
        ({"email": "not-an-address"}, "请填写正确的电子邮箱地址"),
        ({"email": ""}, "选择电子邮件获取时，请填写电子邮箱。"),
        ({"info_title": ""}, "请填写所需信息的名称。"),
        ({"info_description": ""}, "请描述所需信息，便于查找。"),
        ({"info_title": "信" * 201}, "不能超过200个字"),
        ({"info_description": "请提供\u202e文件"}, "不允许的控制字符或不可见字符"),
        ({"delivery_form": "telepathy"}, "有效的选项"),
        ({"delivery_channel": ""}, "请选择获取信息的方式。"),
    ],
)
def test_invalid_natural_person_field_is_refused(
    client, office, overrides, field_error
):
    body = errors_of(browser_post(client, office, natural_person(**overrides)))
    assert field_error in body
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"credit_code": ""}, "请填写统一社会信用代码。"),
        ({"credit_code": BAD_CREDIT_CODE}, "统一社会信用代码的校验位不正确"),
        ({"credit_code": "91350100M000100YI3"}, "统一社会信用代码应为 18 位"),
        ({"legal_representative": ""}, "请填写法定代表人。"),
        ({"contact_person": ""}, "请填写联系人姓名。"),
        ({"address": ""}, "选择邮寄时，请填写通信地址。"),
    ],
)
def test_invalid_legal_person_field_is_refused(client, office, overrides, field_error):
    body = errors_of(browser_post(client, office, legal_person(**overrides)))
    assert field_error in body
    assert not Application.objects.exists()


def test_passport_number_needs_no_resident_id_check(client, office):
    response = browser_post(
        client, office, natural_person(id_type="passport", id_number="E12345678")
    )
    assert response.status_code == 302


def test_control_character_is_refused_before_the_form(client, office):
    response = browser_post(client, office, natural_person(name="张\x07三"))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_honeypot_stores_nothing_and_answers_like_success(client, office):
    response = browser_post(client, office, natural_person(homepage="http://spam"))
    assert response.status_code == 302
    assert not Application.objects.exists()
    done = client.get(response["Location"], HTTP_HOST=host_of(office))
    assert "application-codes" not in done.content.decode()


def test_submissions_are_limited_per_address(client, office, settings):
    settings.APPLICATIONS_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    for n in range(2):
        assert (
            browser_post(
                client, office, natural_person(info_title=f"信息{n}")
            ).status_code
            == 302
        )
    body = errors_of(browser_post(client, office, natural_person(info_title="信息3")))
    assert "提交过于频繁" in body
    assert Application.objects.count() == 2
    # Another address is not affected.
    assert (
        browser_post(client, office, natural_person(), ip="198.51.100.1").status_code
        == 302
    )


def test_proof_is_stored_privately_under_a_random_name(
    client,
    office,
    private_storage,
):
    response = browser_post(
        client,
        office,
        natural_person(),
        files={"identity_proof": pdf_file("张三身份证.pdf")},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    stored = application.identity_proof.name
    assert stored.startswith("applications/proofs/") and stored.endswith(".pdf")
    assert "张三" not in stored
    assert (private_storage / "private" / stored).exists()
    assert not (private_storage / "media" / stored).exists()
    assert not list((private_storage).glob("media/**/*.pdf"))
    # Not served under /media/ on any host.
    for path in (f"/media/{stored}", f"/media/private/{stored}"):
        assert client.get(path, HTTP_HOST=host_of(office)).status_code == 404


def test_png_proof_is_accepted(client, office, private_storage):
    response = browser_post(
        client, office, natural_person(), files={"identity_proof": png_file()}
    )
    assert response.status_code == 302
    assert Application.objects.get().identity_proof.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("proof.pdf", b"<?php system($_GET['c']); ?>", "内容与扩展名不符"),
        ("proof.png", b"%PDF-1.4 not a png", "内容与扩展名不符"),
        (
            "proof.html",
            b"<html><script>alert(1)</script></html>",
            "只接受 PDF、JPG 或 PNG",
        ),
        ("proof.docx", b"PK\x03\x04", "只接受 PDF、JPG 或 PNG"),
    ],
)
def test_disguised_proof_is_refused(
    client,
    office,
    private_storage,
    name,
    content,
    message,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, "application/pdf")
    body = errors_of(
        browser_post(client, office, natural_person(), files={"identity_proof": upload})
    )
    assert message in body
    assert not Application.objects.exists()
    assert not list(private_storage.glob("**/*.*"))


def test_oversized_proof_is_refused(client, office, private_storage):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    body = errors_of(
        browser_post(client, office, natural_person(), files={"identity_proof": big})
    )
    assert "过大" in body
    assert not Application.objects.exists()
