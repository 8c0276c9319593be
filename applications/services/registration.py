"""Receiving information requests: online, and registered by staff (art. 29, 31).

The form (``applications.forms``) has checked each field; here the rules that
read or write the database: rate limits for the public form, the receipt-date
rule of each channel, registration numbers and query codes. Each function
writes one ApplicationEvent with the application, in one transaction.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.choices import Action, Channel, Status
from applications.models import (
    Application,
    ApplicationEvent,
    DisclosureOffice,
    RegistrationCounter,
)
from applications.selectors import access, clocks
from applications.selectors.public import application_for_lookup
from hardening import throttle

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is read out on the phone and typed from paper.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 10
QUERY_CODE_ATTEMPTS = 5
SUBMIT_PREFIX = "applications:submissions"
LOOKUP_PREFIX = "applications:lookup-failures"
HOUR = 3600


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def new_query_code() -> str:
    """A random code of 10 characters from 31 (about 49 bits)."""
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def registration_prefix(organization) -> str:
    """The organ's index-number prefix (its code), else its primary key."""
    return organization.index_prefix or f"ORG{organization.pk}"


def new_registration_number(organization, year: int) -> str:
    """``<organ code>-YSQ<year>-<serial>``, the serial counting per organ and year.

    Locks the organ's counter row until the caller's transaction ends, so
    concurrent registrations queue for it; call inside ``transaction.atomic``.
    """
    counter, _created = RegistrationCounter.objects.get_or_create(
        organization=organization, year=year
    )
    counter = RegistrationCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{registration_prefix(organization)}-YSQ{year}-{counter.last_serial:05d}"


def _save_new(application: Application, *, year: int) -> None:
    """Save with a fresh number and code (the code retried on a collision)."""
    application.registration_number = new_registration_number(
        application.organization, year
    )
    for attempt in range(QUERY_CODE_ATTEMPTS):
        application.query_code = new_query_code()
        try:
            # A savepoint: the collision must not break the outer transaction.
            with transaction.atomic():
                application.save()
            return
        except IntegrityError:
            if attempt == QUERY_CODE_ATTEMPTS - 1:
                raise
            logger.warning("Application query code collision, drawing another")


def check_online_submission(*, phone: str, address: str, now: datetime) -> None:
    """Refuse a robot's or a flood's submission before anything is written."""
    key = throttle.key_for(SUBMIT_PREFIX, address)
    if throttle.limit_reached(
        key, limit=_setting("APPLICATIONS_SUBMISSIONS_PER_ADDRESS_PER_HOUR", 5)
    ):
        raise ValidationError(
            _("提交过于频繁，请一小时后再试。"), code="address_rate_limit"
        )
    recent = Application.objects.filter(
        channel=Channel.ONLINE, phone=phone, submitted_at__gte=now - timedelta(days=1)
    ).count()
    if recent >= _setting("APPLICATIONS_SUBMISSIONS_PER_PHONE_PER_DAY", 10):
        raise ValidationError(
            _("该联系电话今日提交的申请已达上限，请明天再试或到受理机构当面提交。"),
            code="phone_rate_limit",
        )


def submit_online(
    *,
    office: DisclosureOffice,
    cleaned_data: dict,
    identity_proof=None,
    now: datetime | None = None,
    address: str = "",
) -> Application:
    """Receive an online application (待确认收到: both sides must confirm).

    ``cleaned_data`` is an ``ApplicationForm``'s application data; ``address``
    the client's, for the per-address limit. Nothing is written when a check
    refuses it.
    """
    now = now or timezone.now()
    check_online_submission(phone=cleaned_data["phone"], address=address, now=now)
    application = Application(
        organization=office.organization,
        channel=Channel.ONLINE,
        status=Status.SUBMITTED,
        submitted_at=now,
        **cleaned_data,
    )
    if identity_proof:
        application.identity_proof = identity_proof
    with transaction.atomic():
        _save_new(application, year=timezone.localtime(now).year)
        ApplicationEvent.objects.create(
            application=application,
            action=Action.SUBMITTED,
            at=now,
            to_status=Status.SUBMITTED,
        )
    throttle.count_hit(throttle.key_for(SUBMIT_PREFIX, address), window_seconds=HOUR)
    return application


def register_received(
    *,
    organization,
    channel: str,
    data: dict,
    actor,
    submitted_on: date,
    signed_for_on: date | None = None,
    confirmed_on: date | None = None,
    identity_proof=None,
    now: datetime | None = None,
) -> Application:
    """Register an application staff received (in person, by post, e-mail, fax…).

    The receipt date follows the channel's rule (``clocks.receipt_date``);
    when the date it needs is not given yet the application waits as
    SUBMITTED for the confirmation, else it is REGISTERED with its deadline.
    """
    if not access.can_handle_organization(actor, organization.pk):
        raise PermissionDenied(_("您不能为该机关登记申请。"))
    now = now or timezone.now()
    try:
        received_on = clocks.receipt_date(
            channel,
            submitted_on=submitted_on,
            signed_for_on=signed_for_on,
            confirmed_on=confirmed_on,
        )
    except clocks.ReceiptDateUnknown:
        received_on = None
    status = Status.REGISTERED if received_on else Status.SUBMITTED
    submitted_at = (
        now
        if submitted_on == timezone.localdate(now)
        else timezone.make_aware(datetime.combine(submitted_on, time(12)))
    )
    application = Application(
        organization=organization,
        channel=channel,
        status=status,
        submitted_at=submitted_at,
        received_on=received_on,
        due_date=clocks.answer_due(received_on) if received_on else None,
        **data,
    )
    if identity_proof:
        application.identity_proof = identity_proof
    note = _("渠道：%(channel)s；收到申请日期：%(received)s。") % {
        "channel": Channel(channel).label,
        "received": received_on.isoformat() if received_on else _("待确认"),
    }
    with transaction.atomic():
        _save_new(application, year=(received_on or submitted_on).year)
        ApplicationEvent.objects.create(
            application=application,
            action=Action.REGISTERED,
            actor=actor,
            at=now,
            to_status=status,
            note=note,
        )
    return application


def look_up(
    *, site, registration_number: str, query_code: str, address: str
) -> Application | None:
    """The application for the number and code on ``site``; None when wrong.

    Failed lookups are counted per address: past the limit every lookup is
    refused for the hour, right code or not.
    """
    key = throttle.key_for(LOOKUP_PREFIX, address)
    if throttle.limit_reached(
        key, limit=_setting("APPLICATIONS_LOOKUP_FAILURES_PER_HOUR", 10)
    ):
        raise ValidationError(
            _("查询失败次数过多，请一小时后再试。"), code="lookup_rate_limit"
        )
    application = application_for_lookup(
        site=site, registration_number=registration_number, query_code=query_code
    )
    if application is None:
        throttle.count_hit(key, window_seconds=HOUR)
    return application
