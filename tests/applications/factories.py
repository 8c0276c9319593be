"""Builders shared by the applications tests: an organ with its office, applications."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.choices import (
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdType,
    Status,
)
from applications.models import Application, ApplicationEvent, DisclosureOffice
from applications.selectors.clocks import answer_due
from site_registry.models import SiteProfile
from tests.factories.disclosure import make_organization, make_site

_serial = itertools.count(1)


def make_office(*, site_profile: SiteProfile | None = None, name=None, **values):
    """An organ (Organization) with its disclosure office on a (new) site."""
    if site_profile is None:
        site, _home = make_site(f"org{next(_serial)}")
        site_profile = SiteProfile.objects.get(site=site)
    organization = make_organization(name)
    organization.sites.add(site_profile)
    values.setdefault("name", f"{organization.name}办公室")
    values.setdefault("address", "示范市人民路1号")
    values.setdefault("phone", "010-12345678")
    values.setdefault("hours", "工作日 9:00-17:00")
    return DisclosureOffice.objects.create(
        organization=organization, site=site_profile, **values
    )


def make_user(username: str | None = None, *, office=None, head=False, **values):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_serial)}", password="pw-123456-xyz", **values
    )
    if office is not None:
        (office.heads if head else office.staff).add(user)
    return user


def make_application(
    organization,
    *,
    received_on: date | None = date(2026, 3, 2),
    status: str = Status.REGISTERED,
    **values,
) -> Application:
    """An application as the registration service leaves it (no handling yet)."""
    n = next(_serial)
    values.setdefault("registration_number", f"T{n:08d}")
    values.setdefault("query_code", f"Q{n:011d}")
    values.setdefault("channel", Channel.IN_PERSON)
    values.setdefault("applicant_type", ApplicantType.NATURAL)
    values.setdefault("name", "张三")
    values.setdefault("id_type", IdType.RESIDENT_ID)
    values.setdefault("id_number", "11010519491231002X")
    values.setdefault("phone", "13800138000")
    values.setdefault("info_title", f"申请公开的信息{n}")
    values.setdefault("info_description", "请公开该文件全文。")
    values.setdefault("delivery_form", DeliveryForm.PAPER)
    values.setdefault("delivery_channel", DeliveryChannel.POST)
    if received_on is not None:
        values.setdefault(
            "submitted_at",
            timezone.make_aware(datetime.combine(received_on, time(10))),
        )
        values.setdefault("due_date", answer_due(received_on))
    else:
        values.setdefault("submitted_at", timezone.now())
    application = Application.objects.create(
        organization=organization, received_on=received_on, status=status, **values
    )
    ApplicationEvent.objects.create(
        application=application,
        action="registered",
        at=application.submitted_at,
        to_status=status,
    )
    return application
