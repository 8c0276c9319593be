"""申请查询: the applicant posts the registration number and query code."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from applications.choices import Action, Outcome, ReplyType, Status
from applications.models import ApplicationEvent
from tests.applications.factories import make_application, make_office
from tests.applications.intake_support import host_of

pytestmark = pytest.mark.django_db

STATUS = "/applications/status/"


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def application(office):
    application = make_application(
        office.organization,
        name="张小三",
        phone="13812345678",
        email="zhang@example.com",
        address="示范市人民路8号",
    )
    ApplicationEvent.objects.create(
        application=application,
        action=Action.NOTE,
        at=timezone.now(),
        note="内部备注：请法制科会签",
    )
    return application


def look_up(client, office, number, code, *, ip="192.0.2.10"):
    return client.post(
        STATUS,
        {"registration_number": number, "query_code": code},
        HTTP_HOST=host_of(office),
        REMOTE_ADDR=ip,
    )


def test_status_page_shows_the_form(client, office):
    response = client.get(STATUS, HTTP_HOST=host_of(office))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="registration_number"' in body and 'name="query_code"' in body
    assert 'method="post"' in body
    assert "no-store" in response["Cache-Control"]


def test_right_code_shows_status_with_personal_data_masked(client, office, application):
    response = look_up(
        client,
        office,
        application.registration_number.lower(),
        " " + application.query_code.lower(),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert application.info_title in body
    assert "已登记" in body
    assert application.due_date.isoformat() in body
    assert "2026-03-02" in body  # received on
    assert "张*三" in body and "张小三" not in body
    assert "138****5678" in body and "13812345678" not in body
    for secret in ("11010519491231002X", "zhang@example.com", "人民路8号"):
        assert secret not in body
    # The applicant's steps, not staff notes.
    assert "登记" in body
    assert "内部备注" not in body and "备注" not in body.split("办理过程", 1)[1]
    # The code is never put into a URL.
    assert application.query_code not in response.get("Location", "")


def test_outcome_is_shown_when_answered(client, office, application):
    application.status = Status.ANSWERED
    application.reply_type = ReplyType.PARTIAL
    application.outcome = Outcome.PARTIAL
    application.closed_on = date(2026, 3, 20)
    application.save()
    body = look_up(
        client, office, application.registration_number, application.query_code
    ).content.decode()
    assert "已答复" in body and "部分公开" in body and "2026-03-20" in body


@pytest.mark.parametrize("wrong", ["number", "code"])
def test_wrong_number_or_code_finds_nothing(client, office, application, wrong):
    number = application.registration_number
    code = application.query_code
    if wrong == "number":
        number = number[:-1] + ("9" if number[-1] != "9" else "8")
    else:
        code = ("2" if code[0] != "2" else "3") + code[1:]
    body = look_up(client, office, number, code).content.decode()
    assert "登记编号或查询码不正确" in body
    assert application.info_title not in body


def test_another_sites_application_is_not_found(client, office, application):
    other = make_office()
    body = look_up(
        client, other, application.registration_number, application.query_code
    ).content.decode()
    assert "登记编号或查询码不正确" in body
    assert application.info_title not in body


def test_failed_lookups_are_limited_per_address(client, office, application, settings):
    settings.APPLICATIONS_LOOKUP_FAILURES_PER_HOUR = 3
    for _ in range(3):
        look_up(client, office, application.registration_number, "WRONGCODE2")
    body = look_up(
        client, office, application.registration_number, application.query_code
    ).content.decode()
    assert "查询失败次数过多" in body
    assert application.info_title not in body
    # Another address still gets its answer.
    other = look_up(
        client,
        office,
        application.registration_number,
        application.query_code,
        ip="198.51.100.9",
    )
    assert application.info_title in other.content.decode()


def test_empty_lookup_is_refused_in_chinese(client, office):
    body = look_up(client, office, "", "").content.decode()
    assert "请填写登记编号。" in body and "请填写查询码。" in body
