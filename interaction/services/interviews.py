"""Writes of online interviews: schedule, live status, questions and answers.

Every write moves an ``updated_at`` (auto_now): the live page polls for rows
changed after its cursor (selectors.interviews.live_changes).
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from interaction.choices import InterviewStatus, Moderation
from interaction.models import Interview, InterviewQuestion
from interaction.rules import INTERVIEW_FOLLOW_UP_DAYS, due_date_for
from interaction.selectors.interviews import unanswered_approved

# Questions one client address may send in QUESTION_WINDOW_SECONDS, across
# every interview (a flood of questions is the abuse to stop).
QUESTION_LIMIT = 5
QUESTION_WINDOW_SECONDS = 600


def follow_up_due_date(*, interview: Interview, now: datetime):
    """5 working days after the day the interview ended (c5)."""
    ended = min(interview.ends_at, now)
    return due_date_for(ended, INTERVIEW_FOLLOW_UP_DAYS)


@transaction.atomic
def save_interview(*, interview: Interview, now: datetime | None = None) -> Interview:
    """Save the form's interview; publishing it is its announcement (预告).

    The first time an interview is shown on the site, ``announced_at`` is
    set to that moment unless the editor entered when it was announced.
    """
    now = now or timezone.now()
    if interview.is_published and interview.announced_at is None:
        interview.announced_at = now
    interview.save()
    return interview


@transaction.atomic
def start_interview(*, interview: Interview) -> Interview:
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status", "updated_at"])
    return interview


@transaction.atomic
def end_interview(*, interview: Interview, now: datetime | None = None) -> int:
    """Finish the interview; approved questions left unanswered get a due date.

    Returns how many questions got one.
    """
    now = now or timezone.now()
    interview.status = InterviewStatus.FINISHED
    interview.save(update_fields=["status", "updated_at"])
    due = follow_up_due_date(interview=interview, now=now)
    return (
        unanswered_approved(interview=interview)
        .filter(due_date=None)
        .update(due_date=due, updated_at=now)
    )


@transaction.atomic
def update_question(
    *,
    question: InterviewQuestion,
    moderation: str,
    answer: str,
    answered_by: str,
    answered_live: bool,
    now: datetime | None = None,
) -> InterviewQuestion:
    """Moderate a question and record its answer, live or afterwards.

    A question approved after the interview ended gets its follow-up due date
    too; an answered question needs none.
    """
    now = now or timezone.now()
    # The stored row, not the caller's instance: a model form has already
    # copied the new values onto that one.
    question = (
        InterviewQuestion.objects.select_for_update()
        .select_related("interview")
        .get(pk=question.pk)
    )
    interview = question.interview
    answer = answer.strip()
    if answer and answer != question.answer:
        question.answered_at = now
    if not answer:
        question.answered_at = None
        answered_live = False
    question.moderation = moderation
    question.answer = answer
    question.answered_by = answered_by.strip()
    question.answered_live = answered_live
    if (
        moderation == Moderation.APPROVED
        and not answer
        and interview.status == InterviewStatus.FINISHED
        and question.due_date is None
    ):
        question.due_date = follow_up_due_date(interview=interview, now=now)
    question.save()
    return question


def question_rate_limited(*, client: str) -> bool:
    """Count a question from ``client``; True once it has sent too many."""
    key = f"interaction:interview-question:{client}"
    cache.add(key, 0, QUESTION_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, QUESTION_WINDOW_SECONDS)
        count = 1
    return count > QUESTION_LIMIT


def _address_or_none(client: str) -> str | None:
    # A forwarded header may carry anything; the column takes addresses only.
    try:
        return str(ipaddress.ip_address(client))
    except ValueError:
        return None


@transaction.atomic
def submit_question(
    *,
    interview: Interview,
    asker_name: str,
    content: str,
    client: str,
    now: datetime | None = None,
) -> InterviewQuestion:
    """A netizen's question, pending moderation (never shown before approval)."""
    question = InterviewQuestion.objects.create(
        interview=interview,
        asker_name=asker_name.strip(),
        content=content.strip(),
        submitted_at=now or timezone.now(),
        submitter_ip=_address_or_none(client),
    )
    return question
