"""The clocks through handling: holidays, pauses, correction, extension, reasons.

Dates by hand from the 2026 schedule (国办发明电〔2025〕7号): Spring Festival
Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked; National Day and Mid-Autumn
Oct 1–7 off (and Sep 25–27 in this calendar), Sat Oct 10 worked.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import TestCase

from applications.choices import Action, Outcome, Status
from applications.services import handling
from applications.services.handling import TransitionRefused
from tests.applications.factories import make_application
from tests.applications.handling_helpers import People, at


class ClockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = People()

    def application(self, received_on=date(2026, 9, 24), **values):
        return make_application(
            self.people.organization, received_on=received_on, **values
        )

    def test_answer_due_across_national_day(self):
        # Thu Sep 24: Sep 28–30 (3), Oct 8, 9, Sat 10 (6), then 14 more.
        assert self.application().due_date == date(2026, 10, 29)

    def test_confirm_receipt_starts_the_clock_across_spring_festival(self):
        application = make_application(
            self.people.organization,
            received_on=None,
            status=Status.SUBMITTED,
            submitted_at=at(date(2026, 2, 9)),
            due_date=None,
        )
        handling.confirm_receipt(
            application,
            user=self.people.clerk,
            confirmed_on=date(2026, 2, 10),
            at=at(date(2026, 2, 11)),
        )
        application.refresh_from_db()
        # Feb 11, 12, 13, Sat 14 (4), Feb 24–27, Sat 28 (9), Mar 2–16 (20).
        assert (application.received_on, application.due_date) == (
            date(2026, 2, 10),
            date(2026, 3, 16),
        )
        assert application.status == Status.REGISTERED

    def test_receipt_cannot_be_confirmed_for_a_future_day(self):
        application = make_application(
            self.people.organization,
            received_on=None,
            status=Status.SUBMITTED,
            submitted_at=at(date(2026, 2, 9)),
            due_date=None,
        )
        with pytest.raises(TransitionRefused, match="不能晚于今天"):
            handling.confirm_receipt(
                application,
                user=self.people.clerk,
                confirmed_on=date(2026, 2, 12),
                at=at(date(2026, 2, 11)),
            )

    def test_consultation_pauses_do_not_count_and_add_up(self):
        application = self.application()
        clerk = self.people.clerk
        handling.start_consultation(
            application, user=clerk, kind="third_party", at=at(date(2026, 9, 29))
        )
        application.refresh_from_db()
        assert application.status == Status.THIRD_PARTY
        assert application.paused_since == date(2026, 9, 29)
        # 15 working days from Tue Sep 29, across National Day.
        assert application.consultation_due == date(2026, 10, 26)
        handling.end_consultation(
            application,
            user=clerk,
            ended_on=date(2026, 10, 9),
            at=at(date(2026, 10, 9)),
        )
        application.refresh_from_db()
        # Sep 30, Oct 8, Oct 9 did not count: three working days later.
        assert application.paused_days == 3
        assert application.due_date == date(2026, 11, 3)
        assert application.status == Status.IN_PROGRESS
        handling.start_consultation(
            application, user=clerk, kind="inter_agency", at=at(date(2026, 10, 12))
        )
        application.refresh_from_db()
        assert application.consultation_due is None
        handling.end_consultation(application, user=clerk, at=at(date(2026, 10, 14)))
        application.refresh_from_db()
        assert (application.paused_days, application.due_date) == (
            5,
            date(2026, 11, 5),
        )
        assert application.paused_since is None

    def test_consultation_cannot_end_before_it_started(self):
        application = self.application(
            status=Status.THIRD_PARTY, paused_since=date(2026, 10, 8)
        )
        with pytest.raises(TransitionRefused, match="不能早于2026-10-08"):
            handling.end_consultation(
                application,
                user=self.people.clerk,
                ended_on=date(2026, 9, 30),
                at=at(date(2026, 10, 9)),
            )

    def test_extension_once_with_the_heads_approval(self):
        application = self.application()
        people = self.people
        for approver, days in (
            (people.clerk, 10),  # staff, not a head
            (people.other_head, 10),  # head of another organ
            (None, 10),
            (people.head, 0),
            (people.head, 21),
        ):
            with pytest.raises(TransitionRefused):
                handling.extend(
                    application,
                    user=people.clerk,
                    days=days,
                    approver=approver,
                    reason="涉及档案较多",
                    at=at(date(2026, 10, 12)),
                )
        with pytest.raises(TransitionRefused, match="延期理由"):
            handling.extend(
                application,
                user=people.clerk,
                days=20,
                approver=people.head,
                reason="  ",
                at=at(date(2026, 10, 12)),
            )
        assert application.events.count() == 1
        handling.extend(
            application,
            user=people.clerk,
            days=20,
            approver=people.head,
            reason="涉及档案较多",
            at=at(date(2026, 10, 12)),
        )
        application.refresh_from_db()
        assert application.status == Status.EXTENDED
        assert application.extension_approver == people.head
        assert application.extension_days == 20
        # Oct 29 plus 20 working days: Oct 30, Nov 2–26.
        assert application.due_date == date(2026, 11, 26)
        with pytest.raises(TransitionRefused, match="只能一次"):
            handling.extend(
                application,
                user=people.clerk,
                days=5,
                approver=people.head,
                reason="再次延期",
                at=at(date(2026, 10, 13)),
            )
        assert application.events.filter(action=Action.EXTENDED).count() == 1

    def test_the_office_approves_extensions_of_any_organ(self):
        application = self.application()
        handling.extend(
            application,
            user=self.people.clerk,
            days=5,
            approver=self.people.office_member,
            reason="需要调阅档案",
            at=at(date(2026, 10, 12)),
        )
        application.refresh_from_db()
        assert application.extension_approver == self.people.office_member

    def test_no_extension_after_the_due_date(self):
        application = self.application()
        with pytest.raises(TransitionRefused, match="答复期限已过"):
            handling.extend(
                application,
                user=self.people.clerk,
                days=5,
                approver=self.people.head,
                reason="需要调阅档案",
                at=at(date(2026, 10, 30)),
            )

    def test_extension_survives_a_later_pause(self):
        application = self.application()
        clerk = self.people.clerk
        handling.extend(
            application,
            user=clerk,
            days=5,
            approver=self.people.head,
            reason="需要调阅档案",
            at=at(date(2026, 10, 12)),
        )
        handling.start_consultation(
            application, user=clerk, kind="third_party", at=at(date(2026, 10, 13))
        )
        handling.end_consultation(application, user=clerk, at=at(date(2026, 10, 15)))
        application.refresh_from_db()
        assert application.status == Status.EXTENDED
        # 20 + 5 + 2 paused working days after Sep 24.
        assert application.due_date == date(2026, 11, 9)

    def test_correction_only_within_seven_working_days(self):
        # Received Sep 24: the 7th working day is Mon Oct 12 (Sat Oct 10 worked).
        late = self.application()
        with pytest.raises(TransitionRefused, match="7个工作日内（2026-10-12前）"):
            handling.request_correction(
                late,
                user=self.people.clerk,
                deadline=date(2026, 10, 30),
                at=at(date(2026, 10, 13)),
            )
        in_time = self.application()
        handling.request_correction(
            in_time,
            user=self.people.clerk,
            deadline=date(2026, 10, 30),
            at=at(date(2026, 10, 12)),
        )
        in_time.refresh_from_db()
        assert in_time.status == Status.AWAITING_CORRECTION
        assert in_time.correction_due == date(2026, 10, 30)

    def test_correction_deadline_must_be_after_today(self):
        application = self.application()
        for deadline in (date(2026, 9, 28), date(2026, 9, 29), None):
            with pytest.raises(TransitionRefused, match="补正期限应晚于今天"):
                handling.request_correction(
                    application,
                    user=self.people.clerk,
                    deadline=deadline,
                    at=at(date(2026, 9, 29)),
                )

    def test_correction_restarts_the_clock_and_only_once(self):
        application = self.application()
        clerk = self.people.clerk
        handling.start_consultation(
            application, user=clerk, kind="inter_agency", at=at(date(2026, 9, 28))
        )
        handling.end_consultation(application, user=clerk, at=at(date(2026, 9, 30)))
        application.refresh_from_db()
        assert application.paused_days == 2
        handling.request_correction(
            application,
            user=clerk,
            deadline=date(2026, 10, 16),
            at=at(date(2026, 9, 30)),
        )
        handling.complete_correction(
            application,
            user=clerk,
            completed_on=date(2026, 10, 9),
            at=at(date(2026, 10, 9)),
        )
        application.refresh_from_db()
        # A new receipt date, the earlier pause forgotten: Sat Oct 10, Oct 12…
        assert application.received_on == date(2026, 10, 9)
        assert application.paused_days == 0
        assert application.due_date == date(2026, 11, 5)
        assert application.status == Status.IN_PROGRESS
        with pytest.raises(TransitionRefused, match="补正只能告知一次"):
            handling.request_correction(
                application,
                user=clerk,
                deadline=date(2026, 10, 30),
                at=at(date(2026, 10, 12)),
            )

    def test_withdrawal_only_after_the_correction_deadline(self):
        application = self.application()
        clerk = self.people.clerk
        handling.request_correction(
            application,
            user=clerk,
            deadline=date(2026, 10, 9),
            at=at(date(2026, 9, 28)),
        )
        with pytest.raises(TransitionRefused, match="届满后才能视为撤回"):
            handling.withdraw_uncorrected(
                application, user=clerk, at=at(date(2026, 10, 9))
            )
        handling.withdraw_uncorrected(
            application, user=clerk, at=at(date(2026, 10, 10))
        )
        application.refresh_from_db()
        assert application.status == Status.WITHDRAWN
        assert application.outcome == Outcome.OTHER_NO_CORRECTION
        assert application.closed_on == date(2026, 10, 10)

    def test_accepted_reasons_set_a_later_deadline_that_holds(self):
        application = self.application()
        clerk = self.people.clerk
        handling.request_reasons(application, user=clerk, at=at(date(2026, 9, 28)))
        application.refresh_from_db()
        assert application.status == Status.EXCESSIVE_REVIEW
        with pytest.raises(TransitionRefused, match="应晚于"):
            handling.accept_reasons(
                application,
                user=clerk,
                new_due=date(2026, 10, 30),  # not later than Oct 29 + 4 paused
                at=at(date(2026, 10, 9)),
            )
        with pytest.raises(TransitionRefused, match="工作日"):
            handling.accept_reasons(
                application,
                user=clerk,
                new_due=date(2026, 12, 5),  # a Saturday
                at=at(date(2026, 10, 9)),
            )
        handling.accept_reasons(
            application,
            user=clerk,
            new_due=date(2026, 12, 4),
            at=at(date(2026, 10, 9)),
        )
        application.refresh_from_db()
        assert application.due_date == date(2026, 12, 4)
        assert application.status == Status.IN_PROGRESS
        # A later pause moves the agreed deadline by its own working days.
        handling.start_consultation(
            application, user=clerk, kind="inter_agency", at=at(date(2026, 10, 12))
        )
        handling.end_consultation(application, user=clerk, at=at(date(2026, 10, 13)))
        application.refresh_from_db()
        assert application.due_date == date(2026, 12, 7)
