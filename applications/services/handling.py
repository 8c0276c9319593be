"""The handling of an application as plain functions (docs/applications.md).

Every transition takes the acting user, locks the application in its
transaction (two clerks at once), checks permission, state and input, moves
the clocks, saves and writes exactly one ``ApplicationEvent``. A refusal
raises ``TransitionRefused`` with a Chinese message and writes nothing.

``TRANSITIONS`` is the state machine: the states each transition leaves
from and the state it goes to (``RUNNING``: back to 办理中, or 已延期 once
the one extension is granted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.choices import (
    OUTCOMES_BY_REPLY,
    Action,
    FeeMethod,
    Outcome,
    ReplyType,
    Status,
)
from applications.models import Application, ApplicationEvent
from applications.selectors import access, clocks, fees
from workdays.calendar import is_working_day, working_days_between

RUNNING = "running"  # target of a resumed clock: IN_PROGRESS or EXTENDED

# The states where the answer clock runs and the organ can act on the request.
ACTIVE = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.EXTENDED})
CONSULTING = frozenset({Status.THIRD_PARTY, Status.INTER_AGENCY})


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    action: str


TRANSITIONS = {
    "confirm_receipt": Transition(
        frozenset({Status.SUBMITTED}), Status.REGISTERED, Action.RECEIPT_CONFIRMED
    ),
    "request_correction": Transition(
        frozenset({Status.REGISTERED, Status.IN_PROGRESS}),
        Status.AWAITING_CORRECTION,
        Action.CORRECTION_REQUESTED,
    ),
    "complete_correction": Transition(
        frozenset({Status.AWAITING_CORRECTION}), Status.IN_PROGRESS, Action.CORRECTED
    ),
    "withdraw_uncorrected": Transition(
        frozenset({Status.AWAITING_CORRECTION}), Status.WITHDRAWN, Action.WITHDRAWN
    ),
    "extend": Transition(
        frozenset({Status.REGISTERED, Status.IN_PROGRESS}),
        Status.EXTENDED,
        Action.EXTENDED,
    ),
    "start_consultation": Transition(
        ACTIVE, Status.THIRD_PARTY, Action.CONSULTATION_STARTED
    ),  # or INTER_AGENCY, by kind
    "end_consultation": Transition(CONSULTING, RUNNING, Action.CONSULTATION_ENDED),
    "request_reasons": Transition(
        ACTIVE, Status.EXCESSIVE_REVIEW, Action.REASONS_REQUESTED
    ),
    "accept_reasons": Transition(
        frozenset({Status.EXCESSIVE_REVIEW}), RUNNING, Action.REASONS_ACCEPTED
    ),
    "refuse_excessive": Transition(
        frozenset({Status.EXCESSIVE_REVIEW}),
        Status.NOT_PROCESSED,
        Action.NOT_PROCESSED,
    ),
    "notify_fee": Transition(ACTIVE, Status.AWAITING_FEE, Action.FEE_NOTIFIED),
    "record_fee_paid": Transition(
        frozenset({Status.AWAITING_FEE}), RUNNING, Action.FEE_PAID
    ),
    "close_unpaid": Transition(
        frozenset({Status.AWAITING_FEE}), Status.NOT_PROCESSED, Action.NOT_PROCESSED
    ),
    "answer": Transition(ACTIVE, Status.ANSWERED, Action.ANSWERED),
    "not_process": Transition(ACTIVE, Status.NOT_PROCESSED, Action.NOT_PROCESSED),
}

# not_process: the not-processed rows an organ decides itself (art. 35's row
# goes through request_reasons / refuse_excessive).
NOT_PROCESS_OUTCOMES = (
    Outcome.NOT_PROCESSED_PETITION,
    Outcome.NOT_PROCESSED_REPEAT,
    Outcome.NOT_PROCESSED_PUBLICATION,
    Outcome.NOT_PROCESSED_CONFIRM,
)


class TransitionRefused(Exception):
    """A transition refused: wrong state, no permission or bad input."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- helpers -----------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _day(at: datetime) -> date:
    return timezone.localdate(at) if timezone.is_aware(at) else at.date()


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).get(pk=application.pk)


def _check_user(user, application: Application) -> None:
    if access.is_auditor(user) and not access.is_office(user):
        raise TransitionRefused(_("审计人员只能查看，不能办理。"))
    if not access.can_handle(user, application):
        raise TransitionRefused(_("您没有权限办理这件申请。"))


def _check_state(application: Application, name: str) -> Transition:
    transition = TRANSITIONS[name]
    if application.status not in transition.sources:
        raise TransitionRefused(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )
    return transition


def _begin(application: Application, name: str, user, at) -> tuple:
    """Lock, check user and state; the moment and the local day of the event."""
    at = _now(at)
    application = _locked(application)
    _check_user(user, application)
    return application, _check_state(application, name), at, _day(at)


def _pause_end(application: Application, value, *, label: str, today: date) -> date:
    """The day a pause ended: given or today, not before it began."""
    return _date_between(
        value or today, label=label, earliest=application.paused_since, today=today
    )


def _running(application: Application) -> str:
    return Status.EXTENDED if application.extension_days else Status.IN_PROGRESS


def _recompute_due(application: Application) -> None:
    application.due_date = clocks.answer_due(
        application.received_on,
        extension_days=application.extension_days,
        paused_days=application.paused_days,
    )


def _date_between(value, *, label: str, earliest: date | None, today: date) -> date:
    if not isinstance(value, date):
        raise TransitionRefused(_("请填写%(label)s。") % {"label": label})
    if value > today:
        raise TransitionRefused(_("%(label)s不能晚于今天。") % {"label": label})
    if earliest is not None and value < earliest:
        raise TransitionRefused(
            _("%(label)s不能早于%(day)s。")
            % {"label": label, "day": earliest.isoformat()}
        )
    return value


def _pause(application: Application, on: date) -> None:
    application.paused_since = on


def _resume(application: Application, on: date) -> None:
    """End a pause on ``on``: its working days do not count."""
    application.paused_days += clocks.paused_working_days(application.paused_since, on)
    application.paused_since = None
    _recompute_due(application)


def _close(application: Application, on: date, outcome: str) -> None:
    application.outcome = outcome
    application.closed_on = on
    application.paused_since = None


def _finish(
    application: Application,
    *,
    user,
    at: datetime,
    from_status: str,
    to_status: str,
    action: str,
    note: str,
) -> Application:
    application.status = to_status
    application.save()
    ApplicationEvent.objects.create(
        application=application,
        action=action,
        actor=user,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=(note or "").strip(),
    )
    return application


def _apply(application, transition, *, user, at, note, to_status=None):
    target = to_status or transition.target
    if target == RUNNING:
        target = _running(application)
    return _finish(
        application,
        user=user,
        at=at,
        from_status=application.status,
        to_status=target,
        action=transition.action,
        note=note,
    )


# --- receipt and correction (art. 30, 31) ------------------------------------


@transaction.atomic
def confirm_receipt(application, *, user, confirmed_on=None, at=None, note=""):
    """Both sides confirmed receipt: the statutory receipt date; clock starts."""
    application, transition, at, today = _begin(
        application, "confirm_receipt", user, at
    )
    confirmed_on = _date_between(
        confirmed_on or today,
        label=_("确认收到日期"),
        earliest=_day(application.submitted_at),
        today=today,
    )
    application.received_on = confirmed_on
    application.paused_days = 0
    _recompute_due(application)
    return _apply(application, transition, user=user, at=at, note=note)


def _correction_requested_before(application: Application) -> bool:
    return application.events.filter(action=Action.CORRECTION_REQUESTED).exists()


@transaction.atomic
def request_correction(application, *, user, deadline, at=None, note=""):
    """The one correction notice, within 7 working days of receipt; the clock
    stops until the applicant completes the request."""
    application, transition, at, today = _begin(
        application, "request_correction", user, at
    )
    if _correction_requested_before(application):
        raise TransitionRefused(_("补正只能告知一次。"))
    last_day = clocks.correction_notice_due(application.received_on)
    if today > last_day:
        raise TransitionRefused(
            _("补正告知应在收到申请后7个工作日内（%(day)s前）发出。")
            % {"day": last_day.isoformat()}
        )
    if not isinstance(deadline, date) or deadline <= today:
        raise TransitionRefused(_("补正期限应晚于今天。"))
    application.correction_due = deadline
    _pause(application, today)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def complete_correction(application, *, user, completed_on=None, at=None, note=""):
    """The completed request arrived: the clock restarts from that day."""
    application, transition, at, today = _begin(
        application, "complete_correction", user, at
    )
    completed_on = _pause_end(
        application, completed_on, label=_("补正完成日期"), today=today
    )
    application.received_on = completed_on
    application.paused_days = 0
    application.paused_since = None
    _recompute_due(application)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def withdraw_uncorrected(application, *, user, at=None, note=""):
    """Not completed by the deadline: the application counts as withdrawn."""
    application, transition, at, today = _begin(
        application, "withdraw_uncorrected", user, at
    )
    if application.correction_due is None or today <= application.correction_due:
        raise TransitionRefused(
            _("补正期限（%(day)s）届满后才能视为撤回。")
            % {"day": application.correction_due}
        )
    _close(application, today, Outcome.OTHER_NO_CORRECTION)
    return _apply(application, transition, user=user, at=at, note=note)


# --- extension (art. 33) -----------------------------------------------------


@transaction.atomic
def extend(application, *, user, days, approver, reason, at=None, note=""):
    """The one extension of at most 20 working days, approved by the head of
    the organ's disclosure office (or the office)."""
    at = _now(at)
    application = _locked(application)
    _check_user(user, application)
    if application.extension_days:
        raise TransitionRefused(_("延期答复只能一次。"))
    transition = _check_state(application, "extend")
    today = _day(at)
    if not isinstance(days, int) or not 1 <= days <= clocks.MAX_EXTENSION_DAYS:
        raise TransitionRefused(
            _("延长期限应为1至%(max)d个工作日。") % {"max": clocks.MAX_EXTENSION_DAYS}
        )
    if approver is None or not access.can_approve_extension(approver, application):
        raise TransitionRefused(_("延期须由本机关信息公开工作机构负责人批准。"))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("请填写延期理由。"))
    if application.due_date and today > application.due_date:
        raise TransitionRefused(_("答复期限已过，不能再延期。"))
    application.extension_days = days
    application.extension_approver = approver
    application.extension_reason = reason
    _recompute_due(application)
    return _apply(application, transition, user=user, at=at, note=note or reason)


# --- consultation (art. 32, 33) ----------------------------------------------

CONSULTATION_KINDS = {
    "third_party": Status.THIRD_PARTY,
    "inter_agency": Status.INTER_AGENCY,
}


@transaction.atomic
def start_consultation(application, *, user, kind, at=None, note=""):
    """Written consultation of a third party (reply due in 15 working days) or
    of other organs; the time does not count."""
    application, transition, at, today = _begin(
        application, "start_consultation", user, at
    )
    target = CONSULTATION_KINDS.get(kind)
    if target is None:
        raise TransitionRefused(_("请选择征求意见的对象。"))
    application.consultation_due = (
        clocks.third_party_due(today) if target == Status.THIRD_PARTY else None
    )
    _pause(application, today)
    return _apply(
        application, transition, user=user, at=at, note=note, to_status=target
    )


@transaction.atomic
def end_consultation(application, *, user, ended_on=None, at=None, note=""):
    """The opinions came back (or the third party stayed silent): the clock
    resumes; the working days of the consultation are added to the deadline."""
    application, transition, at, today = _begin(
        application, "end_consultation", user, at
    )
    ended_on = _pause_end(
        application, ended_on, label=_("征求意见结束日期"), today=today
    )
    application.consultation_due = None
    _resume(application, ended_on)
    return _apply(application, transition, user=user, at=at, note=note)


# --- excessive requests (art. 35) --------------------------------------------


@transaction.atomic
def request_reasons(application, *, user, at=None, note=""):
    """Ask the applicant to explain a large or repeated request; clock stops."""
    application, transition, at, today = _begin(
        application, "request_reasons", user, at
    )
    _pause(application, today)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def accept_reasons(application, *, user, new_due, at=None, note=""):
    """The reasons hold but the request cannot be answered in time: a later
    deadline is set and notified. It is kept as working days that do not count,
    so every later recomputation of the deadline keeps it."""
    application, transition, at, today = _begin(application, "accept_reasons", user, at)
    _resume(application, today)
    if not isinstance(new_due, date) or new_due <= application.due_date:
        raise TransitionRefused(
            _("新的答复期限应晚于%(day)s。") % {"day": application.due_date}
        )
    if not is_working_day(new_due):
        raise TransitionRefused(_("新的答复期限应为工作日。"))
    counted = clocks.ANSWER_DAYS + application.extension_days
    application.paused_days = (
        working_days_between(application.received_on, new_due) - counted
    )
    _recompute_due(application)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def refuse_excessive(application, *, user, at=None, note=""):
    """No good reason for the large or repeated request: not processed."""
    application, transition, at, today = _begin(
        application, "refuse_excessive", user, at
    )
    _close(application, today, Outcome.NOT_PROCESSED_EXCESSIVE)
    return _apply(application, transition, user=user, at=at, note=note)


# --- fees (国办函〔2020〕109号) -----------------------------------------------


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise TransitionRefused(_("请填写正确的收费金额。")) from None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise TransitionRefused(_("请填写正确的收费金额。"))
    return amount


@transaction.atomic
def notify_fee(
    application,
    *,
    user,
    method,
    due,
    pages=None,
    amount=None,
    at=None,
    note="",
):
    """Send the fee notice: one method per application, the amount by the
    109号 bands (per volume from ``pages``); the clock stops until paid."""
    application, transition, at, today = _begin(application, "notify_fee", user, at)
    if application.fee_method:
        raise TransitionRefused(_("每件申请只能选择一种计收方式，且只收费一次。"))
    if method not in FeeMethod.values:
        raise TransitionRefused(_("请选择计收方式。"))
    if method == FeeMethod.PER_VOLUME and pages is None and amount is None:
        raise TransitionRefused(_("按量计收须填写页数。"))
    if pages is not None and (not isinstance(pages, int) or pages < 0):
        raise TransitionRefused(_("页数应为非负整数。"))
    if method == FeeMethod.PER_ITEM or pages is not None:
        computed = fees.fee_for(application, method, pages=pages)
        if amount is not None and _amount(amount) != computed:
            raise TransitionRefused(
                _("收费金额应为%(amount)s元。") % {"amount": computed}
            )
        if computed <= 0:
            raise TransitionRefused(_("按此方式计算无需收费。"))
        amount = computed
    else:
        amount = _amount(amount)
    if not isinstance(due, date) or due <= today:
        raise TransitionRefused(_("缴费期限应晚于今天。"))
    application.fee_method = method
    application.fee_amount = amount
    application.fee_due = due
    _pause(application, today)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def record_fee_paid(application, *, user, paid_on=None, at=None, note=""):
    """The fee was paid: the clock resumes from the day of payment."""
    application, transition, at, today = _begin(
        application, "record_fee_paid", user, at
    )
    paid_on = _pause_end(application, paid_on, label=_("缴费日期"), today=today)
    application.fee_paid_on = paid_on
    _resume(application, paid_on)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def close_unpaid(application, *, user, at=None, note=""):
    """Unpaid by the deadline: not processed (Table 三 其他处理 2)."""
    application, transition, at, today = _begin(application, "close_unpaid", user, at)
    if today <= application.fee_due:
        raise TransitionRefused(
            _("缴费期限（%(day)s）届满后才能按未缴费处理。")
            % {"day": application.fee_due}
        )
    _close(application, today, Outcome.OTHER_FEE_UNPAID)
    return _apply(application, transition, user=user, at=at, note=note)


# --- the answer (art. 36, 37) ------------------------------------------------


@transaction.atomic
def answer(application, *, user, reply_type, outcome, at=None, note=""):
    """The reply: one of art. 36's types (or partial disclosure) and the Table
    三 row it counts under."""
    application, transition, at, today = _begin(application, "answer", user, at)
    if reply_type not in ReplyType.values:
        raise TransitionRefused(_("请选择答复类型。"))
    allowed = OUTCOMES_BY_REPLY[ReplyType(reply_type)]
    if outcome not in allowed:
        raise TransitionRefused(
            _("办理结果与答复类型“%(reply)s”不符。")
            % {"reply": ReplyType(reply_type).label}
        )
    application.reply_type = reply_type
    _close(application, today, outcome)
    return _apply(application, transition, user=user, at=at, note=note)


@transaction.atomic
def not_process(application, *, user, outcome, at=None, note=""):
    """Not processed (petitions, repeats, publications, re-confirmations)."""
    application, transition, at, today = _begin(application, "not_process", user, at)
    if outcome not in NOT_PROCESS_OUTCOMES:
        raise TransitionRefused(_("请选择不予处理的情形。"))
    _close(application, today, outcome)
    return _apply(application, transition, user=user, at=at, note=note)


# --- what the admin offers ---------------------------------------------------


def available(application: Application, *, user, today: date | None = None):
    """The transitions ``user`` may try on ``application`` now (the functions
    check everything again when posted)."""
    if access.is_auditor(user) and not access.is_office(user):
        return []
    if not access.can_handle(user, application):
        return []
    today = today or timezone.localdate()
    status = application.status
    names = [n for n, t in TRANSITIONS.items() if status in t.sources]
    guards = {
        "request_correction": lambda: (
            application.received_on is not None
            and today <= clocks.correction_notice_due(application.received_on)
            and not _correction_requested_before(application)
        ),
        "withdraw_uncorrected": lambda: (
            application.correction_due is not None
            and today > application.correction_due
        ),
        "extend": lambda: (
            not application.extension_days
            and (application.due_date is None or today <= application.due_date)
        ),
        "notify_fee": lambda: not application.fee_method,
        "close_unpaid": lambda: (
            application.fee_due is not None and today > application.fee_due
        ),
    }
    return [n for n in names if guards.get(n, lambda: True)()]
