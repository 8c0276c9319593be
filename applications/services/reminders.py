"""Daily e-mail to each organ's disclosure office: its due-soon and overdue
applications (docs/applications.md). Once per office and day: a second run
the same day sends nothing. The mail names the applications by number, title
and deadline; it never repeats the applicant's name or contact details.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Application, DeadlineReminder, DisclosureOffice
from applications.selectors.deadlines import KIND_LABELS, due_soon, overdue

logger = logging.getLogger(__name__)

MOST_LISTED = 50  # per list; the admin page has the rest


@dataclass
class ReminderSummary:
    sent: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return _("已发送 %(sent)d 封提醒，跳过 %(skipped)d 个受理机构。") % {
            "sent": self.sent,
            "skipped": self.skipped,
        }


def recipients(office: DisclosureOffice) -> list[str]:
    users = [*office.staff.all(), *office.heads.all()]
    return sorted({u.email for u in users if u.is_active and u.email})


def _admin(name: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name)


def _lines(title: str, rows, count: int) -> list[str]:
    lines = [f"{title}（{count}）"]
    for application in rows[:MOST_LISTED]:
        kind = KIND_LABELS.get(getattr(application, "deadline_kind", ""), "")
        suffix = f" {kind}" if kind else ""
        lines.append(
            f"- {application.registration_number} {application.info_title} "
            f"{application.deadline:%Y-%m-%d}{suffix}"
        )
    if count > MOST_LISTED:
        lines.append(_("……另有 %(n)d 件") % {"n": count - MOST_LISTED})
    return [*lines, ""]


def remind_office(office: DisclosureOffice, *, today: date) -> bool:
    """Mail the office if it has due-soon or overdue applications and was not
    reminded today; True when a mail went out."""
    if DeadlineReminder.objects.filter(office=office, sent_on=today).exists():
        return False
    to = recipients(office)
    if not to:
        return False
    applications = Application.objects.filter(organization_id=office.organization_id)
    soon = list(due_soon(applications, today=today))
    late = list(overdue(applications, today=today))
    if not soon and not late:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(
            "[%(organ)s] 依申请公开期限提醒：即将到期 %(soon)d 件，已超期 %(late)d 件"
        ) % {
            "organ": office.organization.name,
            "soon": len(soon),
            "late": len(late),
        }
        body = [
            *(_lines(_("已超期"), late, len(late)) if late else []),
            *(_lines(_("即将到期"), soon, len(soon)) if soon else []),
            _("请登录后台办理：%(url)s") % {"url": _admin("applications_overdue")},
        ]
    try:
        with transaction.atomic():
            # The row first: a concurrent run the same day fails here, not
            # after a second mail.
            DeadlineReminder.objects.create(
                office=office,
                sent_on=today,
                due_soon=len(soon),
                overdue=len(late),
                recipients=len(to),
            )
            send_mail(subject, "\n".join(body), None, to)
    except IntegrityError:
        return False
    except Exception:
        # Not recorded: the next run (or tomorrow's) tries again.
        logger.exception("applications: reminder to office %s failed", office.pk)
        return False
    return True


def send_reminders(*, today: date) -> ReminderSummary:
    summary = ReminderSummary()
    offices = DisclosureOffice.objects.select_related("organization").prefetch_related(
        "staff", "heads"
    )
    for office in offices:
        if remind_office(office, today=today):
            summary.sent += 1
        else:
            summary.skipped += 1
    return summary
