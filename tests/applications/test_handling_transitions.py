"""The state machine: every transition from every state, allowed or refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import TestCase

from applications.choices import Action, FeeMethod, Outcome, ReplyType, Status
from applications.models import ApplicationEvent
from applications.services import handling
from applications.services.handling import RUNNING, TRANSITIONS, TransitionRefused
from tests.applications.factories import make_application
from tests.applications.handling_helpers import People, at

NOW = at(date(2026, 3, 4))
RECEIVED = date(2026, 3, 2)
PAUSED_SINCE = date(2026, 3, 3)


@pytest.fixture
def people(db):
    return People()


def in_state(people, status):
    """An application in ``status`` with the fields that state implies."""
    values = {}
    if status in (
        Status.AWAITING_CORRECTION,
        Status.THIRD_PARTY,
        Status.INTER_AGENCY,
        Status.EXCESSIVE_REVIEW,
        Status.AWAITING_FEE,
    ):
        values["paused_since"] = PAUSED_SINCE
    if status == Status.AWAITING_CORRECTION:
        values["correction_due"] = PAUSED_SINCE  # passed: withdrawal possible
    if status == Status.AWAITING_FEE:
        values.update(
            fee_method=FeeMethod.PER_VOLUME, fee_amount=100, fee_due=PAUSED_SINCE
        )
    if status == Status.EXTENDED:
        values.update(extension_days=5, extension_approver=people.head)
    received = RECEIVED
    if status == Status.SUBMITTED:
        received = None
        values.update(submitted_at=at(RECEIVED), due_date=None)
    return make_application(
        people.organization, status=status, received_on=received, **values
    )


def arguments(people):
    return {
        "confirm_receipt": {"confirmed_on": date(2026, 3, 3)},
        "request_correction": {"deadline": date(2026, 3, 20)},
        "complete_correction": {"completed_on": date(2026, 3, 4)},
        "withdraw_uncorrected": {},
        "extend": {"days": 10, "approver": people.head, "reason": "涉及档案较多"},
        "start_consultation": {"kind": "third_party"},
        "end_consultation": {"ended_on": date(2026, 3, 4)},
        "request_reasons": {},
        "accept_reasons": {"new_due": date(2026, 5, 29)},
        "refuse_excessive": {},
        "notify_fee": {
            "method": FeeMethod.PER_VOLUME,
            "pages": 50,
            "due": date(2026, 3, 20),
        },
        "record_fee_paid": {"paid_on": date(2026, 3, 4)},
        "close_unpaid": {},
        "answer": {"reply_type": ReplyType.DISCLOSED, "outcome": Outcome.DISCLOSED},
        "not_process": {"outcome": Outcome.NOT_PROCESSED_PETITION},
    }


def expected_target(name, application):
    target = TRANSITIONS[name].target
    if target == RUNNING:
        return Status.EXTENDED if application.extension_days else Status.IN_PROGRESS
    return target


REFUSED = "不能进行此操作|只能一次"  # a second extension says why


class TransitionTableTests(TestCase):
    """One organ's people for all cases (building sites is slow)."""

    @classmethod
    def setUpTestData(cls):
        cls.people = People()

    def test_every_transition_from_every_state(self):
        for name in TRANSITIONS:
            for status in Status:
                with self.subTest(transition=name, status=status):
                    self._check(name, status)

    def _check(self, name, status):
        people = self.people
        application = in_state(people, status)
        events = application.events.count()
        function = getattr(handling, name)
        kwargs = arguments(people)[name]
        if status not in TRANSITIONS[name].sources:
            with pytest.raises(TransitionRefused, match=REFUSED):
                function(application, user=people.clerk, at=NOW, **kwargs)
            application.refresh_from_db()
            assert application.status == status
            assert application.events.count() == events
            return
        result = function(application, user=people.clerk, at=NOW, note="备注", **kwargs)
        result.refresh_from_db()
        assert result.status == expected_target(name, result)
        event = result.events.order_by("-pk").first()
        assert result.events.count() == events + 1
        assert (event.actor, event.at, event.from_status, event.to_status) == (
            people.clerk,
            NOW,
            status,
            result.status,
        )
        assert event.action == TRANSITIONS[name].action
        assert event.note.startswith("备注")

    def test_nobody_outside_the_organ_changes_anything(self):
        people = self.people
        for name in TRANSITIONS:
            source = sorted(TRANSITIONS[name].sources)[0]
            application = in_state(people, source)
            function = getattr(handling, name)
            kwargs = arguments(people)[name]
            for user in (people.other_clerk, people.auditor):
                with self.subTest(transition=name, user=user.username):
                    with pytest.raises(TransitionRefused):
                        function(application, user=user, at=NOW, **kwargs)
            application.refresh_from_db()
            assert application.status == source
            assert application.events.count() == 1


@pytest.mark.django_db
def test_the_office_handles_every_organ(people):
    application = in_state(people, Status.REGISTERED)
    handling.answer(
        application,
        user=people.office_member,
        at=NOW,
        reply_type=ReplyType.NOT_EXIST,
        outcome=Outcome.UNABLE_NOT_HELD,
    )
    application.refresh_from_db()
    assert (application.status, application.closed_on) == (
        Status.ANSWERED,
        date(2026, 3, 4),
    )


@pytest.mark.django_db
def test_answer_outcome_must_fit_the_reply_type(people):
    application = in_state(people, Status.IN_PROGRESS)
    with pytest.raises(TransitionRefused, match="不符"):
        handling.answer(
            application,
            user=people.clerk,
            at=NOW,
            reply_type=ReplyType.PARTIAL,
            outcome=Outcome.DISCLOSED,
        )
    handling.answer(
        application,
        user=people.clerk,
        at=NOW,
        reply_type=ReplyType.WITHHELD,
        outcome=Outcome.WITHHELD_STATE_SECRET,
    )
    application.refresh_from_db()
    assert (application.reply_type, application.outcome) == (
        ReplyType.WITHHELD,
        Outcome.WITHHELD_STATE_SECRET,
    )


@pytest.mark.django_db
def test_not_process_takes_only_its_rows(people):
    application = in_state(people, Status.IN_PROGRESS)
    for wrong in (Outcome.DISCLOSED, Outcome.NOT_PROCESSED_EXCESSIVE, "nonsense"):
        with pytest.raises(TransitionRefused, match="不予处理的情形"):
            handling.not_process(application, user=people.clerk, at=NOW, outcome=wrong)
    handling.not_process(
        application, user=people.clerk, at=NOW, outcome=Outcome.NOT_PROCESSED_REPEAT
    )
    application.refresh_from_db()
    assert application.status == Status.NOT_PROCESSED
    assert application.outcome == Outcome.NOT_PROCESSED_REPEAT
    assert application.events.filter(action=Action.NOT_PROCESSED).count() == 1


@pytest.mark.django_db
def test_closing_transitions_set_their_table_three_rows(people):
    withdrawn = handling.withdraw_uncorrected(
        in_state(people, Status.AWAITING_CORRECTION), user=people.clerk, at=NOW
    )
    unpaid = handling.close_unpaid(
        in_state(people, Status.AWAITING_FEE), user=people.clerk, at=NOW
    )
    excessive = handling.refuse_excessive(
        in_state(people, Status.EXCESSIVE_REVIEW), user=people.clerk, at=NOW
    )
    rows = {
        (a.status, a.outcome, a.closed_on)
        for a in (withdrawn, unpaid, excessive)
        for a in [type(a).objects.get(pk=a.pk)]
    }
    assert rows == {
        (Status.WITHDRAWN, Outcome.OTHER_NO_CORRECTION, date(2026, 3, 4)),
        (Status.NOT_PROCESSED, Outcome.OTHER_FEE_UNPAID, date(2026, 3, 4)),
        (Status.NOT_PROCESSED, Outcome.NOT_PROCESSED_EXCESSIVE, date(2026, 3, 4)),
    }
    assert ApplicationEvent.objects.filter(actor=people.clerk).count() == 3
