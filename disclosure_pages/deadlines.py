"""The publication time limit (docs/domain.md c1) as plain functions.

Information is public within N working days of being formed: the limit
counts from the 成文日期 on the shared working-day calendar (the next working
day is day 1, as for every statutory deadline), and the due date itself is
still in time. A publication on any later day is late, even on a day off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from workdays.calendar import add_working_days, working_days_between


def publication_due(formed_on: datetime.date, *, working_days: int) -> datetime.date:
    """The last day to publish information formed on ``formed_on``."""
    return add_working_days(formed_on, working_days)


@dataclass(frozen=True)
class Timeliness:
    due: datetime.date
    late: bool
    # Working days after the due date up to the publication (a late
    # publication on the weekend after the due date counts 0 of them).
    working_days_late: int


def timeliness(
    *, formed_on: datetime.date, published_on: datetime.date, working_days: int
) -> Timeliness:
    """Whether information formed on ``formed_on`` and published on
    ``published_on`` kept the limit of ``working_days``."""
    due = publication_due(formed_on, working_days=working_days)
    return Timeliness(
        due=due,
        late=published_on > due,
        working_days_late=working_days_between(due, published_on),
    )
