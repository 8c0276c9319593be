"""Staff registration of applications received other than online (art. 31)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse

from applications.choices import Action, Channel, Status
from applications.models import Application, ApplicationEvent
from applications.selectors.clocks import answer_due
from applications.services import registration
from tests.admin_forms import form_fields
from tests.applications.factories import make_office, make_user
from tests.applications.intake_support import BAD_CHECK_ID, natural_person
from tests.factories.disclosure import make_organization
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

REGISTER = "applications_intake:register"
# Thursday before the Labour Day holiday (1-5 May 2026, 9 May a working
# Saturday): the 20 working days end on Monday 25 May, not on 21 May.
THURSDAY = date(2026, 4, 23)
DUE = date(2026, 5, 25)


@pytest.fixture
def office():
    return make_office()


def data() -> dict:
    values = natural_person(phone="13812345678")
    return {key: values[key] for key in values}


def register(office, channel, **dates):
    clerk = make_user(office=office)
    return registration.register_received(
        organization=office.organization,
        channel=channel,
        data=data(),
        actor=clerk,
        **dates,
    )


@pytest.mark.parametrize(
    ("channel", "dates"),
    [
        (Channel.IN_PERSON, {"submitted_on": THURSDAY}),
        (
            Channel.REGISTERED_MAIL,
            {"submitted_on": date(2026, 4, 20), "signed_for_on": THURSDAY},
        ),
        (
            Channel.ORDINARY_MAIL,
            {"submitted_on": date(2026, 4, 20), "confirmed_on": THURSDAY},
        ),
        (Channel.EMAIL, {"submitted_on": date(2026, 4, 21), "confirmed_on": THURSDAY}),
        (Channel.FAX, {"submitted_on": date(2026, 4, 22), "confirmed_on": THURSDAY}),
        (Channel.OTHER, {"submitted_on": date(2026, 4, 22), "confirmed_on": THURSDAY}),
    ],
)
def test_receipt_date_follows_the_channel_and_the_clock_skips_the_holiday(
    office, channel, dates
):
    application = register(office, channel, **dates)
    assert application.status == Status.REGISTERED
    assert application.received_on == THURSDAY
    assert application.due_date == DUE == answer_due(THURSDAY)
    event = application.events.get()
    assert event.action == Action.REGISTERED
    assert event.actor is not None and event.to_status == Status.REGISTERED
    assert "2026-04-23" in event.note


@pytest.mark.parametrize(
    ("channel", "dates"),
    [
        # Registered mail waits for the signed-for date …
        (Channel.REGISTERED_MAIL, {"submitted_on": THURSDAY}),
        # … an ordinary letter for the phone confirmation, even when it was
        # signed for (nobody signs for an ordinary letter).
        (
            Channel.ORDINARY_MAIL,
            {"submitted_on": THURSDAY, "signed_for_on": THURSDAY},
        ),
        (Channel.EMAIL, {"submitted_on": THURSDAY}),
        (Channel.FAX, {"submitted_on": THURSDAY}),
        (Channel.OTHER, {"submitted_on": THURSDAY}),
    ],
)
def test_without_the_needed_date_it_awaits_confirmation(office, channel, dates):
    application = register(office, channel, **dates)
    assert application.status == Status.SUBMITTED
    assert application.received_on is None and application.due_date is None
    assert application.events.get().to_status == Status.SUBMITTED


def test_clerk_of_another_organ_is_refused_by_the_service(office):
    stranger = make_user(office=make_office())
    with pytest.raises(PermissionDenied):
        registration.register_received(
            organization=office.organization,
            channel=Channel.IN_PERSON,
            data=data(),
            actor=stranger,
            submitted_on=THURSDAY,
        )
    assert not Application.objects.exists()


def test_numbers_count_per_organ_and_year():
    first, second = make_organization(), make_organization()
    with transaction.atomic():
        numbers = [
            registration.new_registration_number(first, 2026),
            registration.new_registration_number(first, 2026),
            registration.new_registration_number(second, 2026),
            registration.new_registration_number(first, 2027),
        ]
    prefix = first.index_prefix
    assert numbers[:2] == [f"{prefix}-YSQ2026-00001", f"{prefix}-YSQ2026-00002"]
    assert numbers[2].endswith("YSQ2026-00001") and numbers[3].endswith("YSQ2027-00001")
    assert len(registration.new_query_code()) == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number(postgres):
    """The counter row is locked: the second transaction waits for the first."""
    organization = make_organization()
    with transaction.atomic():
        registration.new_registration_number(organization, 2026)  # row exists
    first_holds_lock = threading.Event()
    release_first = threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = registration.new_registration_number(
                    organization, 2026
                )
                first_holds_lock.set()
                release_first.wait(5)
        finally:
            connection.close()

    def second():
        try:
            first_holds_lock.wait(5)
            with transaction.atomic():
                results["second"] = registration.new_registration_number(
                    organization, 2026
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_lock.wait(5)
    threads[1].join(0.5)
    assert threads[1].is_alive(), "the second draw must wait for the lock"
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert results["first"].endswith("-00002")
    assert results["second"].endswith("-00003")


# The admin screen, posted as the browser posts it.


def admin_user_of(office=None):
    """A user allowed into the admin (as their site's editors are)."""
    user = make_user(office=office)
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    return user


def page_form(client) -> dict:
    page = client.get(reverse(REGISTER))
    assert page.status_code == 200
    return form_fields(page.content.decode(), form_selector="form#register-form")


def test_staff_register_in_person_through_the_admin(client, office):
    clerk = admin_user_of(office)
    login_verified(client, clerk)
    sent = page_form(client)
    sent.update(
        data(),
        organization=str(office.organization.pk),
        channel=Channel.IN_PERSON,
        submitted_on="2026-04-23",
    )
    response = client.post(reverse(REGISTER), sent, follow=True)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.status == Status.REGISTERED
    assert application.due_date == DUE
    assert application.events.get().actor == clerk
    body = response.content.decode()
    assert application.registration_number in body
    assert application.query_code in body
    assert "2026-05-25" in body


def test_admin_form_refuses_bad_input_in_chinese(client, office):
    login_verified(client, admin_user_of(office))
    sent = page_form(client)
    sent.update(
        data(),
        id_number=BAD_CHECK_ID,
        organization=str(office.organization.pk),
        channel=Channel.REGISTERED_MAIL,
        submitted_on="2026-04-23",
        signed_for_on="2026-04-20",
    )
    body = client.post(reverse(REGISTER), sent).content.decode()
    assert "居民身份证号码的校验位不正确" in body
    assert "该日期不能早于提交或收到日期。" in body
    assert not Application.objects.exists()


def test_admin_offers_only_the_clerks_organs(client, office):
    other = make_office()
    login_verified(client, admin_user_of(office))
    sent = page_form(client)
    sent.update(
        data(),
        organization=str(other.organization.pk),
        channel=Channel.IN_PERSON,
        submitted_on="2026-04-23",
    )
    body = client.post(reverse(REGISTER), sent).content.decode()
    assert "您不能为该机关登记申请。" in body
    assert other.organization.name not in client.get(reverse(REGISTER)).content.decode()
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()


def test_user_without_an_office_is_refused(client, office):
    login_verified(client, admin_user_of())
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    refused = client.get(reverse(REGISTER))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    sent = dict(data(), organization=str(office.organization.pk), channel="in_person")
    assert client.post(reverse(REGISTER), sent)["Location"] == "/admin/"
    menu = client.get("/admin/").content.decode()
    assert "登记申请" not in menu
    assert not Application.objects.exists()
