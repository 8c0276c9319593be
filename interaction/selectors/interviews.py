"""Reads of online interviews: who may see which, deadlines, public lists, live feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Max, Q, QuerySet

from core.detectors import mask_personal_data
from core.roles import AUDITOR_GROUP
from hardening.selectors import is_office_staff
from interaction.choices import InterviewStatus, Moderation
from interaction.models import Interview, InterviewQuestion
from interaction.rules import INTERVIEW_NOTICE_DAYS, local_date
from site_registry.models import SiteProfile
from workdays.calendar import add_working_days, working_days_between

# The overdue list also shows questions due within this many working days.
DUE_SOON_DAYS = 2


# --- Who may see and change which interviews ---


def is_auditor(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=AUDITOR_GROUP).exists()
    )


def editable_sites(*, user) -> QuerySet:
    """Sites whose interviews the user runs: all for the office, else their own.

    A site's editors and reviewers run its interviews; auditors run none.
    """
    if is_office_staff(user):
        return SiteProfile.objects.all()
    if not (user.is_authenticated and user.is_active):
        return SiteProfile.objects.none()
    groups = user.groups.values("pk")
    return SiteProfile.objects.filter(
        Q(editors_group__in=groups) | Q(reviewers_group__in=groups)
    )


def can_read_all(*, user) -> bool:
    return is_office_staff(user) or is_auditor(user)


def interviews_for(*, user, action: str) -> QuerySet:
    """Interviews the user may ``view`` or change (any other action)."""
    interviews = Interview.objects.select_related("site")
    if action == "view" and can_read_all(user=user):
        return interviews
    return interviews.filter(site__in=editable_sites(user=user))


def questions_for(*, user, action: str) -> QuerySet:
    questions = InterviewQuestion.objects.select_related("interview__site")
    if action == "view" and can_read_all(user=user):
        return questions
    return questions.filter(interview__site__in=editable_sites(user=user))


# --- The announcement rule ---


def notice_working_days(*, interview: Interview, now: datetime) -> int:
    """Working days between the announcement (or now, if not yet) and the start."""
    announced = interview.announced_at or now
    return working_days_between(local_date(announced), local_date(interview.starts_at))


def notice_too_short(*, interview: Interview, now: datetime) -> bool:
    """A planned interview announced fewer than 3 working days ahead (c5)."""
    if interview.status != InterviewStatus.PLANNED:
        return False
    return notice_working_days(interview=interview, now=now) < INTERVIEW_NOTICE_DAYS


# --- Follow-up answers ---


def unanswered_approved(*, interview: Interview) -> QuerySet:
    return interview.questions.filter(moderation=Moderation.APPROVED, answer="")


def follow_up_due(*, questions: QuerySet, today: date) -> QuerySet:
    """Approved questions still unanswered, past their due date or due soon."""
    soon = add_working_days(today, DUE_SOON_DAYS)
    return (
        questions.filter(
            moderation=Moderation.APPROVED, answer="", due_date__isnull=False
        )
        .filter(due_date__lte=soon)
        .order_by("due_date", "pk")
    )


# --- Public pages ---


def public_interviews(*, site: SiteProfile) -> QuerySet:
    return Interview.objects.filter(site=site, is_published=True).order_by(
        "-starts_at", "-pk"
    )


def public_questions(*, interview: Interview) -> QuerySet:
    return interview.questions.filter(moderation=Moderation.APPROVED).order_by(
        "submitted_at", "pk"
    )


@dataclass(frozen=True)
class PublicQuestion:
    """A question as the public sees it: personal data masked."""

    pk: int
    asker: str
    content: str
    submitted_at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None
    answered_live: bool


def masked(question: InterviewQuestion) -> PublicQuestion:
    return PublicQuestion(
        pk=question.pk,
        asker=mask_personal_data(question.asker_name),
        content=mask_personal_data(question.content),
        submitted_at=question.submitted_at,
        answer=mask_personal_data(question.answer),
        answered_by=question.answered_by,
        answered_at=question.answered_at,
        answered_live=question.answered_live,
    )


def transcript_entries(*, interview: Interview) -> list[str]:
    """The transcript's paragraphs (one entry a non-empty line)."""
    return [line.strip() for line in interview.transcript.splitlines() if line.strip()]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def cursor_of(moment: datetime) -> int:
    """A poll cursor: microseconds since the epoch (plain digits in a URL).

    Integer arithmetic, so that a cursor maps back to exactly its moment.
    """
    return (moment - _EPOCH) // _MICROSECOND


def moment_of(cursor: int) -> datetime:
    return _EPOCH + cursor * _MICROSECOND


def last_change(*, interview: Interview) -> datetime:
    """The latest change to the interview or any of its questions."""
    latest = interview.questions.aggregate(latest=Max("updated_at"))["latest"]
    return max(interview.updated_at, latest or interview.updated_at)


def live_changes(*, interview: Interview, since: int | None) -> dict:
    """What changed on the interview's public page after the cursor ``since``.

    The cursor is the time of the last change (``last_change``); a poll with
    nothing new costs one indexed aggregate.
    """
    cursor = cursor_of(last_change(interview=interview))
    changed = since is None or cursor > since
    questions = interview.questions.order_by("submitted_at", "pk")
    if since is not None:
        questions = questions.filter(updated_at__gt=moment_of(since))
    shown, withdrawn = [], []
    for question in questions if changed else ():
        if question.moderation == Moderation.APPROVED:
            shown.append(masked(question))
        elif since is not None:
            withdrawn.append(question.pk)  # rejected after being shown
    return {
        "cursor": cursor,
        "changed": changed,
        "questions": shown,
        "withdrawn": withdrawn,
        "transcript": transcript_entries(interview=interview) if changed else None,
    }
