"""The validity boundary of a document's 失效日期 (docs/domain.md b1).

The expiry date is the document's last valid day: it is still 有效 on that
day and 失效 from the day after (as the import format and national practice
read it). Every reader (the page's shown 有效性, the catalog filter and search
facet, the inspection rule, the daily validity refresh) asks these two
functions, so they never disagree.
"""

from __future__ import annotations

import datetime

from django.db.models import Q


def has_lapsed(expiry_date: datetime.date | None, day: datetime.date) -> bool:
    """Whether a document expiring on ``expiry_date`` is no longer valid on ``day``."""
    return expiry_date is not None and expiry_date < day


def lapsed_q(day: datetime.date) -> Q:
    """``has_lapsed`` as a query on ``expiry_date``."""
    return Q(expiry_date__lt=day)


def lapsing_between_q(start: datetime.date, end: datetime.date) -> Q:
    """Documents that lapse on a day after ``start`` up to ``end``: not yet
    lapsed on ``start``, lapsed on ``end``."""
    return Q(expiry_date__gte=start, expiry_date__lt=end)
