"""What an applicant sees of their application on the status page.

Personal data is masked even for the right code (the page may be read over a
shoulder or left open); only the steps meant for the applicant are listed,
without staff notes or names.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from applications.choices import CLOSED_STATUSES, Action, Status
from applications.models import Application
from core.detectors.base import mask_middle
from site_registry.models import SiteProfile

# Steps of the log the applicant is told about (not imports, letters being
# drafted or internal notes).
APPLICANT_ACTIONS = frozenset(
    {
        Action.SUBMITTED,
        Action.REGISTERED,
        Action.RECEIPT_CONFIRMED,
        Action.CORRECTION_REQUESTED,
        Action.CORRECTED,
        Action.WITHDRAWN,
        Action.EXTENDED,
        Action.CONSULTATION_STARTED,
        Action.CONSULTATION_ENDED,
        Action.REASONS_REQUESTED,
        Action.REASONS_ACCEPTED,
        Action.FEE_NOTIFIED,
        Action.FEE_PAID,
        Action.ANSWERED,
        Action.NOT_PROCESSED,
        Action.DELIVERED,
    }
)


@dataclass(frozen=True)
class PublicStep:
    label: str
    at: datetime


@dataclass(frozen=True)
class PublicStatus:
    registration_number: str
    organization_name: str
    name: str
    phone: str
    info_title: str
    status_label: str
    submitted_at: datetime
    received_on: date | None
    due_date: date | None
    correction_due: date | None
    fee_due: date | None
    reply_label: str
    outcome_label: str
    closed_on: date | None
    is_closed: bool
    awaiting_confirmation: bool
    steps: list[PublicStep]


def mask_name(name: str) -> str:
    """张三 → 张*, 示范科技有限公司 → 示范****有限公司 (first and last kept)."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    keep = max(1, len(name) // 4)
    return mask_middle(name, keep_start=keep, keep_end=keep)


def mask_phone(phone: str) -> str:
    return mask_middle(phone, keep_start=3, keep_end=4)


def application_for_lookup(
    *, site: SiteProfile, registration_number: str, query_code: str
) -> Application | None:
    """The application with both the number and the code, filed with an office
    served on ``site``'s host; None otherwise."""
    application = (
        Application.objects.filter(registration_number=registration_number)
        .select_related(
            "organization",
            "organization__disclosure_office__site",
            "organization__disclosure_office__site__parent",
        )
        .first()
    )
    if application is None:
        return None
    if not hmac.compare_digest(application.query_code, query_code):
        return None
    office = getattr(application.organization, "disclosure_office", None)
    if office is None or office.site.hosting_site().pk != site.pk:
        return None
    return application


def public_status(application: Application) -> PublicStatus:
    steps = [
        PublicStep(label=event.get_action_display(), at=event.at)
        for event in application.events.all()
        if event.action in APPLICANT_ACTIONS
    ]
    return PublicStatus(
        registration_number=application.registration_number,
        organization_name=application.organization.name,
        name=mask_name(application.name),
        phone=mask_phone(application.phone),
        info_title=application.info_title,
        status_label=application.get_status_display(),
        submitted_at=application.submitted_at,
        received_on=application.received_on,
        due_date=application.due_date,
        correction_due=application.correction_due,
        fee_due=application.fee_due,
        reply_label=application.get_reply_type_display(),
        outcome_label=application.get_outcome_display(),
        closed_on=application.closed_on,
        is_closed=application.status in CLOSED_STATUSES,
        awaiting_confirmation=application.status == Status.SUBMITTED,
        steps=steps,
    )
