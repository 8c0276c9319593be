"""Fees per 国办函〔2020〕109号 at every band boundary, and the fee transitions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from applications.choices import FeeMethod, Outcome, Status
from applications.selectors import fees
from applications.services import handling
from applications.services.handling import TransitionRefused
from tests.applications.factories import make_application
from tests.applications.handling_helpers import People, at


@pytest.mark.parametrize(
    ("number", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_item_bands(number, fee):
    assert fees.per_item_fee(number) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 pages at 10
        (101, 720),
        (200, 2700),  # + 100 pages at 20
        (201, 2740),
        (250, 4700),  # + 50 pages at 40
    ],
)
def test_per_volume_bands_are_progressive(pages, fee):
    assert fees.per_volume_fee(pages) == Decimal(fee)


class FeeTransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = People()

    def application(self, received_on=date(2026, 3, 2), **values):
        return make_application(
            self.people.organization, received_on=received_on, **values
        )

    def notify(self, application, **kwargs):
        kwargs.setdefault("due", date(2026, 3, 20))
        return handling.notify_fee(
            application, user=self.people.clerk, at=at(date(2026, 3, 5)), **kwargs
        )

    def test_per_item_counts_the_applicants_month_at_this_organ(self):
        same = "11010519491231002X"
        month = [self.application(received_on=date(2026, 3, 2)) for _ in range(10)]
        # Another applicant, another month and another organ do not count.
        self.application(id_number="110105194912310021")
        self.application(received_on=date(2026, 2, 27))
        make_application(
            self.people.other_office.organization, received_on=date(2026, 3, 2)
        )
        assert fees.monthly_number(month[-1]) == 10
        with pytest.raises(TransitionRefused, match="无需收费"):
            self.notify(month[-1], method=FeeMethod.PER_ITEM)
        eleventh = self.application(received_on=date(2026, 3, 3), id_number=same)
        self.notify(eleventh, method=FeeMethod.PER_ITEM)
        eleventh.refresh_from_db()
        assert eleventh.fee_amount == Decimal(100)
        assert eleventh.status == Status.AWAITING_FEE
        assert eleventh.paused_since == date(2026, 3, 5)

    def test_legal_persons_are_counted_by_credit_code(self):
        code = "91350100M000100Y43"
        firsts = [self.application(id_number="", credit_code=code) for _ in range(30)]
        assert fees.monthly_number(firsts[-1]) == 30
        thirty_first = self.application(id_number="", credit_code=code)
        assert fees.fee_for(thirty_first, FeeMethod.PER_ITEM) == Decimal(200)

    def test_per_volume_needs_pages_and_checks_a_given_amount(self):
        application = self.application()
        with pytest.raises(TransitionRefused, match="页数"):
            self.notify(application, method=FeeMethod.PER_VOLUME)
        with pytest.raises(TransitionRefused, match="收费金额应为700"):
            self.notify(
                application, method=FeeMethod.PER_VOLUME, pages=100, amount="650"
            )
        with pytest.raises(TransitionRefused, match="缴费期限"):
            self.notify(
                application,
                method=FeeMethod.PER_VOLUME,
                pages=100,
                due=date(2026, 3, 5),
            )
        assert application.events.count() == 1
        self.notify(application, method=FeeMethod.PER_VOLUME, pages=101)
        application.refresh_from_db()
        assert (application.fee_method, application.fee_amount) == (
            FeeMethod.PER_VOLUME,
            Decimal(720),
        )

    def test_one_method_per_application(self):
        application = self.application()
        self.notify(application, method=FeeMethod.PER_VOLUME, pages=31)
        handling.record_fee_paid(
            application, user=self.people.clerk, at=at(date(2026, 3, 9))
        )
        with pytest.raises(TransitionRefused, match="一种计收方式"):
            self.notify(application, method=FeeMethod.PER_ITEM)

    def test_payment_resumes_the_clock(self):
        application = self.application()
        before = application.due_date
        self.notify(application, method=FeeMethod.PER_VOLUME, pages=40)
        handling.record_fee_paid(
            application,
            user=self.people.clerk,
            paid_on=date(2026, 3, 10),
            at=at(date(2026, 3, 11)),
        )
        application.refresh_from_db()
        # Mar 6, 9, 10 did not count.
        assert application.paused_days == 3
        assert application.fee_paid_on == date(2026, 3, 10)
        assert application.due_date == date(2026, 4, 2)
        assert before == date(2026, 3, 30)
        assert application.status == Status.IN_PROGRESS

    def test_unpaid_closes_only_after_the_deadline(self):
        application = self.application()
        self.notify(application, method=FeeMethod.PER_VOLUME, pages=40)
        with pytest.raises(TransitionRefused, match="届满后"):
            handling.close_unpaid(
                application, user=self.people.clerk, at=at(date(2026, 3, 20))
            )
        handling.close_unpaid(
            application, user=self.people.clerk, at=at(date(2026, 3, 23))
        )
        application.refresh_from_db()
        assert (application.status, application.outcome, application.closed_on) == (
            Status.NOT_PROCESSED,
            Outcome.OTHER_FEE_UNPAID,
            date(2026, 3, 23),
        )
