"""send_application_reminders: each office hears of its own deadlines, once a day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from applications.choices import Status
from applications.models import DeadlineReminder
from tests.applications.factories import make_application, make_office, make_user

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("send_application_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_to_each_office_once_a_day():
    today = timezone.localdate()
    mine = make_office()
    other = make_office(site_profile=mine.site)
    quiet = make_office(site_profile=mine.site)
    make_user(office=mine, email="clerk@example.com")
    make_user(office=mine, head=True, email="head@example.com")
    make_user(office=mine, email="", username="no-mail")
    make_user(office=other, email="other@example.com")
    make_user(office=quiet, email="quiet@example.com")
    late = make_application(
        mine.organization,
        info_title="超期的申请",
        due_date=today - timedelta(days=3),
        name="李隐私",
        phone="13700000000",
    )
    expired = make_application(
        mine.organization,
        info_title="补正期满的申请",
        status=Status.AWAITING_CORRECTION,
        correction_due=today - timedelta(days=1),
    )
    soon = make_application(
        other.organization, info_title="快到期的申请", due_date=today
    )
    # Quiet office: only a paused application, which is neither.
    make_application(
        quiet.organization,
        status=Status.THIRD_PARTY,
        due_date=today - timedelta(days=9),
    )
    assert "已发送 2 封" in run()
    by_recipients = {tuple(sorted(m.to)): m for m in mail.outbox}
    assert set(by_recipients) == {
        ("clerk@example.com", "head@example.com"),
        ("other@example.com",),
    }
    message = by_recipients[("clerk@example.com", "head@example.com")]
    assert "已超期 2 件" in message.subject
    assert late.registration_number in message.body
    assert expired.registration_number in message.body
    assert "补正期满待处理" in message.body
    assert soon.registration_number not in message.body
    assert "李隐私" not in message.body and "13700000000" not in message.body
    other_mail = by_recipients[("other@example.com",)]
    assert "快到期的申请" in other_mail.body
    assert "超期的申请" not in other_mail.body
    # A second run the same day sends nothing more.
    assert "已发送 0 封" in run()
    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.count() == 2
