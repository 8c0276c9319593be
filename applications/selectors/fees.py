"""Information-processing fees (国办函〔2020〕109号; docs/domain.md c2b).

Two methods, one per application, both progressive by band:

- per item (按件计收): an applicant's applications to one organ in one
  calendar month are numbered 1, 2, 3 …; numbers 1–10 are free, 11–30 cost
  100 元 each, and from 31 every further band of ten costs 100 元 more per
  item (31–40 → 200, 41–50 → 300 …). An application is charged the rate of
  its own number.
- per volume (按量计收): the pages of one application, each band's pages at
  the band's rate: 1–30 free, 31–100 at 10 元, 101–200 at 20 元, 201 and
  more at 40 元.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from applications.choices import FeeMethod
from applications.models import Application

FREE_ITEMS = 10
FIRST_ITEM_BAND_END = 30
ITEM_BAND_SIZE = 10
ITEM_STEP = Decimal(100)

# (first page of the band, last page or None, rate per page in 元)
PAGE_BANDS = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


def per_item_fee(number: int) -> Decimal:
    """The fee of the applicant's ``number``-th application of the month."""
    if number < 1:
        raise ValueError("number must be 1 or more")
    if number <= FREE_ITEMS:
        return Decimal(0)
    if number <= FIRST_ITEM_BAND_END:
        return ITEM_STEP
    bands_above = -(-(number - FIRST_ITEM_BAND_END) // ITEM_BAND_SIZE)  # ceil
    return ITEM_STEP * (1 + bands_above)


def per_volume_fee(pages: int) -> Decimal:
    """The fee of ``pages`` pages: each band's pages at that band's rate."""
    if pages < 0:
        raise ValueError("pages must be 0 or more")
    total = Decimal(0)
    for first, last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += rate * (top - first + 1)
    return total


def _counted_on(application: Application) -> date:
    if application.received_on:
        return application.received_on
    return application.submitted_at.date()


def applicant_key(application: Application) -> Q | None:
    """Who the applicant is: the ID number of a person, the credit code of an
    organisation; None when neither was given (the application stands alone)."""
    if application.credit_code:
        return Q(credit_code=application.credit_code)
    if application.id_number:
        return Q(id_number=application.id_number)
    return None


def monthly_number(application: Application) -> int:
    """The number of ``application`` among its applicant's applications to the
    same organ in its calendar month, in order of receipt (ties by id)."""
    key = applicant_key(application)
    if key is None:
        return 1
    day = _counted_on(application)
    same_month = Application.objects.filter(
        key,
        organization_id=application.organization_id,
        received_on__year=day.year,
        received_on__month=day.month,
    )
    earlier = Q(received_on__lt=day) | Q(received_on=day, pk__lte=application.pk)
    count = same_month.filter(earlier).count()
    if application.received_on is None:
        count += 1  # not yet received: counted after the month's received ones
    return max(count, 1)


def fee_for(application: Application, method: str, *, pages: int | None = None):
    """The fee of ``application`` by ``method`` (pages needed per volume)."""
    if method == FeeMethod.PER_ITEM:
        return per_item_fee(monthly_number(application))
    if method == FeeMethod.PER_VOLUME:
        if pages is None:
            raise ValueError("pages")
        return per_volume_fee(pages)
    raise ValueError(method)
