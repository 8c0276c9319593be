"""The statutory clocks of an information request (docs/domain.md c2).

Plain date arithmetic over the shared working-day calendar. Every period
counts working days from the day after the start day (the receipt day is
day 0), so ``add_working_days(start, n)`` is the last day of the period.
"""

from __future__ import annotations

from datetime import date

from applications.choices import Channel
from workdays.calendar import add_working_days, working_days_between

ANSWER_DAYS = 20  # art. 33
MAX_EXTENSION_DAYS = 20  # art. 33, once
CORRECTION_NOTICE_DAYS = 7  # art. 30
THIRD_PARTY_DAYS = 15  # art. 32


class ReceiptDateUnknown(ValueError):
    """The channel's receipt-date rule needs a date the caller did not give."""


def receipt_date(
    channel: str,
    *,
    submitted_on: date,
    signed_for_on: date | None = None,
    confirmed_on: date | None = None,
) -> date:
    """The statutory receipt date of an application (art. 31).

    In person: the day it is handed in. Registered mail: the day the organ
    signs for it. An ordinary letter (nobody signs) and the channels where
    both sides must confirm (online form, e-mail, fax, others): the day the
    organ confirms receipt with the applicant.
    """
    if channel == Channel.IN_PERSON:
        return submitted_on
    if channel == Channel.REGISTERED_MAIL:
        if signed_for_on is None:
            raise ReceiptDateUnknown("signed_for_on")
        return signed_for_on
    if confirmed_on is None:
        raise ReceiptDateUnknown("confirmed_on")
    return confirmed_on


def answer_due(
    received_on: date, *, extension_days: int = 0, paused_days: int = 0
) -> date:
    """The answer deadline: 20 working days, plus the one extension, plus the
    working days spent in consultation or waiting (they do not count)."""
    return add_working_days(received_on, ANSWER_DAYS + extension_days + paused_days)


def correction_notice_due(received_on: date) -> date:
    """The last day to send the one correction notice (补正告知)."""
    return add_working_days(received_on, CORRECTION_NOTICE_DAYS)


def third_party_due(sent_on: date) -> date:
    """The third party's reply deadline; silence lets the organ decide."""
    return add_working_days(sent_on, THIRD_PARTY_DAYS)


def paused_working_days(since: date, until: date) -> int:
    """Working days of a pause from ``since`` to ``until`` (the end day
    counts, the start day does not, like every other period)."""
    return working_days_between(since, until)
