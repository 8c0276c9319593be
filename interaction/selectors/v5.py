"""Veto V5 (互动回应差) read from the messages: one query for the whole cluster.

A counting message (``Message.objects.counting_for_v5``) received in the 12
calendar months before the as-of moment is overdue when it stayed unanswered
for more than 3 calendar months: either it was still unanswered at the as-of
moment and had been received more than 3 months before it, or it was answered
later than receipt + 3 months (docs/domain.md d2). Both cases are one
comparison, ``min(answered_at, as_of) > received_at + 3 months``, done in SQL so
100,000 messages cost one indexed query, not a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import NotSupportedError
from django.db.models import DateTimeField, F, Func, Value
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import GreaterThan

from interaction.models import Channel, Message
from interaction.rules import V5_ANSWER_MONTHS, v5_window_start


class _Moment(Func):
    """A timestamp in a form SQL can compare and shift by calendar months.

    PostgreSQL compares ``timestamptz`` values and adds an ``interval`` (in the
    connection's time zone, UTC, as ``relativedelta`` does on the UTC values
    Django reads; month ends clamp the same way: 30 Nov + 3 months = 28 Feb).
    SQLite stores text, so both sides become ``julianday`` numbers; its month
    arithmetic rolls over at month ends (30 Nov + 3 months = 2 Mar), a gap of at
    most three days on the demo database only.
    """

    output_field = DateTimeField()

    def __init__(self, expression, *, months: int = 0):
        super().__init__(expression)
        self.months = int(months)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.months:
            return f"({sql} + interval '{self.months} months')", params
        return sql, params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.months:
            return f"julianday({sql}, '{self.months:+d} months')", params
        return f"julianday({sql})", params

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("V5 month arithmetic: PostgreSQL or SQLite only")


@dataclass(frozen=True)
class OverdueMessage:
    pk: int
    site_id: int
    title: str
    received_at: datetime
    answered_at: datetime | None
    days_unanswered: int


def overdue_v5_messages(*, as_of: datetime, site_ids=None) -> list[OverdueMessage]:
    """Counting messages unanswered for more than 3 months as of ``as_of``.

    Messages received after ``as_of`` (a run for a past date) are not looked
    at, and a reply given after ``as_of`` counts as no reply yet.
    """
    at = Value(as_of, output_field=DateTimeField())
    ended = Least(Coalesce(F("answered_at"), at), at)
    rows = (
        Message.objects.counting_for_v5()
        .filter(received_at__gte=v5_window_start(as_of), received_at__lt=as_of)
        .filter(
            GreaterThan(
                _Moment(ended), _Moment(F("received_at"), months=V5_ANSWER_MONTHS)
            )
        )
        .order_by("site_id", "received_at", "pk")
        .values_list("pk", "site_id", "title", "received_at", "answered_at")
    )
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    return [
        OverdueMessage(
            pk=pk,
            site_id=site_id,
            title=title,
            received_at=received_at,
            answered_at=answered_at,
            days_unanswered=(min(answered_at or as_of, as_of) - received_at).days,
        )
        for pk, site_id, title, received_at, answered_at in rows
    ]


def sites_with_v5_channel(*, site_ids=None) -> set[int]:
    """Sites with an effective consultation channel (active, counting for V5)."""
    channels = Channel.objects.filter(is_active=True, counts_for_v5=True)
    if site_ids is not None:
        channels = channels.filter(site_id__in=list(site_ids))
    return set(channels.values_list("site_id", flat=True).distinct())
