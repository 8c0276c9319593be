"""Working-day arithmetic for statutory deadlines (docs/domain.md g1).

Plain functions over the office's calendar of exceptions (``CalendarDay``):
a day is a working day when it is a make-up working day, or a Monday to
Friday that is not a holiday. Deadlines count whole working days after the
start day ("within N working days of receipt": the receipt day is day 0).
"""

from __future__ import annotations

from datetime import date, timedelta

from workdays.models import CalendarDay, DayKind

# A deadline never needs more than this many calendar days per working day
# searched in one batch (the longest run of days off is the 9-day Spring
# Festival, so a window of 3× the working days plus 14 always suffices).
_SLACK_DAYS = 14


def exceptions_between(start: date, end: date) -> dict[date, str]:
    """The office's exceptions from ``start`` to ``end`` inclusive, by date."""
    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list(
        "date", "kind"
    )
    return dict(rows)


def _is_working(day: date, exceptions: dict[date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == DayKind.WORKDAY:
        return True
    if kind == DayKind.HOLIDAY:
        return False
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _is_working(day, exceptions_between(day, day))


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``n`` ≥ 0).

    ``add_working_days(d, 0)`` is ``d`` itself; ``n`` = 1 is the next working
    day, whatever ``start`` is (a message received on a Saturday is due a
    number of working days after that Saturday, counted from Monday).
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    if n == 0:
        return start
    window = timedelta(days=3 * n + _SLACK_DAYS)
    exceptions = exceptions_between(start, start + window)
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if day > start + window:  # pragma: no cover - guarded by _SLACK_DAYS
            exceptions |= exceptions_between(day, day + window)
            window += window
        if _is_working(day, exceptions):
            left -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b`` (0 when b ≤ a).

    The inverse of ``add_working_days``: ``working_days_between(d,
    add_working_days(d, n)) == n``.
    """
    if b <= a:
        return 0
    exceptions = exceptions_between(a, b)
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if _is_working(day, exceptions):
            count += 1
    return count


def working_day_counter(start: date, end: date):
    """``working_days_between`` for many pairs within ``start``–``end``: the
    exceptions are read once and every pair costs two look-ups (a running
    count of working days per calendar day), for statistics over many rows."""
    exceptions = exceptions_between(start, end)
    running: dict[date, int] = {}
    count = 0
    day = start
    while day <= end:
        if day != start and _is_working(day, exceptions):
            count += 1
        running[day] = count
        day += timedelta(days=1)

    def between(a: date, b: date) -> int:
        if b <= a:
            return 0
        if a not in running or b not in running:
            return working_days_between(a, b)
        return running[b] - running[a]

    return between
