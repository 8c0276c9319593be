"""The letters screens through their real paths, as the browser posts them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.choices import Action, LetterKind, ReplyType
from applications.models import ApplicationEvent, Letter, LetterTemplate
from applications.services.letters import issue_letter
from tests.admin_forms import browser_form_data, page_errors
from tests.applications.factories import make_application, make_office
from tests.applications.letters_helpers import (
    admin_user_for,
    auditor_user,
    log_in,
    office_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    office = make_office()
    other = make_office(site_profile=office.site)
    clerk = admin_user_for(office)
    stranger = admin_user_for(other)
    application = make_application(office.organization, name="王五")
    return office, clerk, stranger, application


def issue_url(application, **query):
    url = reverse("applications_letters:issue", args=[application.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_staff_issue_a_reply_letter_through_the_form(client, world):
    _office, clerk, _stranger, application = world
    log_in(client, clerk)
    url = issue_url(application, kind="reply", reply_type="not_exist")
    data = browser_form_data(client, url)
    assert data["kind"] == "reply" and data["reply_type"] == "not_exist"
    assert data["body"].startswith("王五：")
    data["body"] = data["body"].replace("特此告知。", "特此告知（经核查）。")

    response = client.post(url, data)

    assert response.status_code == 302
    letter = Letter.objects.get(application=application)
    assert "特此告知（经核查）" in letter.body
    assert letter.reply_type == ReplyType.NOT_EXIST and letter.issued_by == clerk
    assert ApplicationEvent.objects.filter(action=Action.LETTER).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert reverse("applications_letters:download", args=[letter.pk, "pdf"]) in page


def test_removing_the_remedies_shows_an_error_and_issues_nothing(client, world):
    _office, clerk, _stranger, application = world
    log_in(client, clerk)
    url = issue_url(application, kind="reply", reply_type="not_exist")
    data = browser_form_data(client, url)
    data["body"] = "\n".join(
        line for line in data["body"].splitlines() if "行政诉讼" not in line
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("救济途径" in error for error in page_errors(response.content.decode()))
    assert not Letter.objects.exists()


def test_unfilled_blanks_are_refused_on_the_form(client, world):
    _office, clerk, _stranger, application = world
    log_in(client, clerk)
    url = issue_url(application, kind="reply", reply_type="partial")
    response = client.post(url, browser_form_data(client, url))
    assert response.status_code == 200
    assert "待填写" in response.content.decode()
    assert not Letter.objects.exists()


def test_other_organs_staff_get_404_everywhere(client, world):
    _office, clerk, stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    log_in(client, stranger)
    assert client.get(issue_url(application)).status_code == 404
    assert client.post(issue_url(application), {"kind": "reply"}).status_code == 404
    for fmt in ("docx", "pdf"):
        url = reverse("applications_letters:download", args=[letter.pk, fmt])
        assert client.get(url).status_code == 404
    deliver = reverse("applications_letters:deliver", args=[letter.pk])
    assert client.post(deliver, {"method": "in_person"}).status_code == 404
    assert Letter.objects.get().delivered_on is None


def test_auditors_download_but_do_not_issue_or_deliver(client, world):
    _office, clerk, _stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    log_in(client, auditor_user())
    url = reverse("applications_letters:download", args=[letter.pk, "pdf"])
    assert client.get(url).status_code == 200
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for response in (
        client.get(issue_url(application)),
        client.post(issue_url(application), {"kind": "reply", "body": "x"}),
        client.post(
            reverse("applications_letters:deliver", args=[letter.pk]),
            {"method": "in_person", "delivered_on": timezone.localdate().isoformat()},
        ),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Letter.objects.count() == 1
    assert Letter.objects.get().delivered_on is None


def test_downloads_have_the_right_type_and_a_chinese_file_name(client, world):
    _office, clerk, _stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    log_in(client, clerk)
    docx = client.get(
        reverse("applications_letters:download", args=[letter.pk, "docx"])
    )
    assert docx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert docx.content[:2] == b"PK"
    pdf = client.get(reverse("applications_letters:download", args=[letter.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    name = quote(f"政府信息公开申请答复告知书-{application.registration_number}.pdf")
    assert f"filename*=utf-8''{name}" in pdf["Content-Disposition"]
    assert pdf["Content-Disposition"].startswith("attachment")
    bad = reverse("applications_letters:download", args=[letter.pk, "html"])
    assert client.get(bad).status_code == 404


def test_downloads_are_written_to_the_audit_log(client, world):
    from wagtail.models import ModelLogEntry

    _office, clerk, _stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    log_in(client, clerk)
    client.get(reverse("applications_letters:download", args=[letter.pk, "pdf"]))
    entry = ModelLogEntry.objects.get(action="applications.letter_downloaded")
    assert entry.user_id == clerk.pk
    assert entry.object_id == str(application.pk)
    assert entry.data == {"letter": letter.pk, "format": "pdf"}


def test_delivery_through_the_form_with_date_validation(client, world):
    _office, clerk, _stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    log_in(client, clerk)
    url = reverse("applications_letters:deliver", args=[letter.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = browser_form_data(
        client, url, method="china_post", delivered_on=tomorrow.isoformat()
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("不能晚于今天" in e for e in page_errors(response.content.decode()))
    letter.refresh_from_db()
    assert letter.delivered_on is None

    data["delivered_on"] = timezone.localdate().isoformat()
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.delivery_method == "china_post"
    assert application.delivered_on == timezone.localdate()


def test_the_panel_lists_letters_with_downloads_and_the_delivery_form(client, world):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    _office, clerk, _stranger, application = world
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    request = RequestFactory().get("/admin/applications/1/")
    request.user = clerk
    html = render_to_string(
        "applications/admin/_letters_panel.html",
        {"application": application, "request": request},
    )
    assert reverse("applications_letters:download", args=[letter.pk, "docx"]) in html
    assert reverse("applications_letters:deliver", args=[letter.pk]) in html
    assert 'name="delivered_on"' in html
    assert reverse("applications_letters:issue", args=[application.pk]) in html


def test_organ_staff_edit_only_their_organs_templates(client, world):
    office, clerk, stranger, _application = world
    own = LetterTemplate.objects.create(
        organization=office.organization,
        kind=LetterKind.FEE,
        title="本机关收费通知",
        body="x",
    )
    default = LetterTemplate.objects.get(organization=None, kind=LetterKind.FEE)
    log_in(client, stranger)
    index = client.get(reverse("applications_letter_templates:index")).content.decode()
    assert "本机关收费通知" not in index and default.title not in index
    assert (
        client.get(
            reverse("applications_letter_templates:edit", args=[own.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("applications_letter_templates:edit", args=[default.pk])
        ).status_code
        == 404
    )

    client.logout()
    log_in(client, clerk)
    url = reverse("applications_letter_templates:edit", args=[own.pk])
    data = browser_form_data(client, url, body="{申请人}：请缴费{费用}元。{身份证}")
    response = client.post(url, data)
    assert response.status_code == 200
    assert any(
        "未知的占位符：{身份证}" in e for e in page_errors(response.content.decode())
    )
    own.refresh_from_db()
    assert own.body == "x"

    data["body"] = "{申请人}：请缴费{费用}元。"
    assert client.post(url, data).status_code == 302
    own.refresh_from_db()
    assert own.body == "{申请人}：请缴费{费用}元。"


def test_organ_staff_add_their_own_reply_template_from_the_default(client, world):
    office, clerk, _stranger, application = world
    log_in(client, clerk)
    url = (
        reverse("applications_letter_templates:add")
        + "?kind=reply&reply_type=not_exist"
    )
    data = browser_form_data(client, url)
    assert data["organization"] == str(office.organization.pk)
    assert "第三十六条第（四）项" in data["legal_basis"]
    data["title"] = "本机关答复书"
    response = client.post(url, data)
    assert response.status_code == 302, page_errors(response.content.decode())
    own = LetterTemplate.objects.get(organization=office.organization)
    assert own.reply_type == ReplyType.NOT_EXIST
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    assert letter.title == "本机关答复书"


def test_the_office_edits_a_default_but_cannot_delete_it(client, world):
    log_in(client, office_user())
    default = LetterTemplate.objects.get(organization=None, kind=LetterKind.EXTENSION)
    url = reverse("applications_letter_templates:edit", args=[default.pk])
    data = browser_form_data(client, url, title="延期答复告知书（新）")
    assert data["organization"] == ""
    assert client.post(url, data).status_code == 302
    default.refresh_from_db()
    assert default.title == "延期答复告知书（新）"
    delete = reverse("applications_letter_templates:delete", args=[default.pk])
    assert client.get(delete)["Location"] == "/admin/"
    assert client.post(delete)["Location"] == "/admin/"
    assert LetterTemplate.objects.filter(pk=default.pk).exists()


def test_the_template_screen_is_in_the_applications_menu(client, world):
    _office, clerk, _stranger, _application = world
    log_in(client, clerk)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("applications_letter_templates:index") in page


def test_the_issue_screen_loads_the_chosen_kind_and_ignores_bad_choices(client, world):
    _office, clerk, _stranger, application = world
    log_in(client, clerk)
    data = browser_form_data(client, issue_url(application, kind="correction"))
    assert data["kind"] == "correction" and data["reply_type"] == ""
    assert "第三十条" in data["body"]
    data = browser_form_data(
        client, issue_url(application, kind="bogus", reply_type="x")
    )
    assert data["kind"] == "reply" and data["reply_type"] == "disclosed"
    page = client.get(issue_url(application)).content.decode()
    assert "Kind" not in page  # the hidden choices carry no stray labels


def test_a_second_template_of_the_same_kind_is_a_form_error(client, world):
    office, clerk, _stranger, _application = world
    LetterTemplate.objects.create(
        organization=office.organization, kind=LetterKind.FEE, title="已有", body="x"
    )
    log_in(client, clerk)
    url = reverse("applications_letter_templates:add") + "?kind=fee"
    response = client.post(url, browser_form_data(client, url))
    assert response.status_code == 200
    assert page_errors(response.content.decode())
    assert LetterTemplate.objects.filter(organization=office.organization).count() == 1

    client.logout()
    log_in(client, office_user())
    url = reverse("applications_letter_templates:add") + "?kind=fee"
    data = browser_form_data(client, url, organization="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert page_errors(response.content.decode())
    assert LetterTemplate.objects.filter(organization=None, kind="fee").count() == 1


def test_organ_staff_cannot_write_a_template_for_another_organ(client, world):
    _office, clerk, stranger, _application = world
    other_organ = stranger.disclosure_offices.get().organization
    log_in(client, clerk)
    url = reverse("applications_letter_templates:add") + "?kind=fee"
    data = browser_form_data(client, url, organization=str(other_organ.pk))
    response = client.post(url, data)
    assert response.status_code == 200
    assert page_errors(response.content.decode())
    assert not LetterTemplate.objects.filter(organization=other_organ).exists()
    # Nor a default: the organ is required for an organ's staff.
    response = client.post(url, {**data, "organization": ""})
    assert response.status_code == 200
    assert page_errors(response.content.decode())
    assert LetterTemplate.objects.filter(kind=LetterKind.FEE).count() == 1
