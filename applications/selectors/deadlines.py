"""Due-soon and overdue applications (docs/applications.md, docs/domain.md c2a).

Only the running clock counts: an application paused for consultation, for
reasons, for a fee or for a correction is neither due soon nor overdue on its
answer deadline. One exception: when the applicant's correction deadline has
passed, the organ must act (treat it as withdrawn), so the application is
listed as overdue with the kind "补正期满待处理".
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from applications.choices import OPEN_STATUSES, PAUSED_STATUSES, Status
from workdays.calendar import add_working_days

DUE_SOON_DAYS = 3

ANSWER_OVERDUE = "answer"
CORRECTION_EXPIRED = "correction"
KIND_LABELS = {
    ANSWER_OVERDUE: _("答复超期"),
    CORRECTION_EXPIRED: _("补正期满待处理"),
}

RUNNING_STATUSES = sorted(OPEN_STATUSES - PAUSED_STATUSES)


def _running(qs: QuerySet) -> Q:
    return Q(status__in=RUNNING_STATUSES, due_date__isnull=False)


def due_soon(qs: QuerySet, *, today: date, days: int = DUE_SOON_DAYS) -> QuerySet:
    """Running applications whose answer deadline is today or within ``days``
    working days, soonest first."""
    last = add_working_days(today, days)
    return (
        qs.filter(_running(qs), due_date__gte=today, due_date__lte=last)
        .annotate(deadline=F("due_date"))
        .order_by("due_date", "pk")
    )


def overdue(qs: QuerySet, *, today: date) -> QuerySet:
    """Running applications past their answer deadline, and applications whose
    correction deadline passed; most overdue first. Each row carries
    ``deadline`` (the date missed) and ``deadline_kind``."""
    answer = _running(qs) & Q(due_date__lt=today)
    correction = Q(status=Status.AWAITING_CORRECTION, correction_due__lt=today)
    return (
        qs.filter(answer | correction)
        .annotate(
            deadline=Case(
                When(status=Status.AWAITING_CORRECTION, then=F("correction_due")),
                default=F("due_date"),
            ),
            deadline_kind=Case(
                When(
                    status=Status.AWAITING_CORRECTION,
                    then=Value(CORRECTION_EXPIRED),
                ),
                default=Value(ANSWER_OVERDUE),
                output_field=CharField(),
            ),
        )
        .order_by("deadline", "pk")
    )
