"""Plain rules of the interaction platform (docs/domain.md c5, g1)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from workdays.calendar import add_working_days

# Query codes avoid letters and digits that read alike (0/O, 1/I/L).
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 10

# Veto V5: a counting message unanswered for more than 3 months, looking back
# 12 months from the inspection day (docs/domain.md d2).
V5_ANSWER_MONTHS = 3
V5_LOOKBACK_MONTHS = 12

# Interview questions not answered live: within 5 working days (c5).
INTERVIEW_FOLLOW_UP_DAYS = 5
# Interviews are announced at least 3 working days ahead (c5).
INTERVIEW_NOTICE_DAYS = 3


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def local_date(moment: datetime) -> date:
    """The calendar day of ``moment`` in the cluster's time zone."""
    return timezone.localtime(moment).date()


def due_date_for(received_at: datetime, answer_days: int) -> date:
    """Last day to answer: ``answer_days`` working days after receipt."""
    return add_working_days(local_date(received_at), answer_days)


def v5_answer_limit(received_at: datetime) -> datetime:
    """When a message counting for V5 becomes more than 3 months unanswered."""
    return received_at + relativedelta(months=V5_ANSWER_MONTHS)


def v5_window_start(as_of: datetime) -> datetime:
    """The oldest receipt time the V5 check looks at."""
    return as_of - relativedelta(months=V5_LOOKBACK_MONTHS)
