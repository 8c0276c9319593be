"""What deduction D5 (互动交流) reads: incomplete published replies, closed
solicitations without feedback, interview questions left unanswered.

Each selector answers for the whole cluster in one query (``site_ids`` narrows
it); the inspection rule groups the rows by site.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q

from interaction.choices import ConsultationKind, Moderation
from interaction.models import Consultation, Interview, InterviewQuestion, Message


def _narrow(queryset, field: str, site_ids):
    if site_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(site_ids)})


def incomplete_published_messages(*, site_ids=None):
    """Published replies without a reply time or a replying unit."""
    missing = Q(answered_at__isnull=True) | (
        Q(answer_department="") & Q(department__isnull=True)
    )
    rows = Message.objects.published().filter(missing)
    return (
        _narrow(rows, "site_id", site_ids)
        .values(
            "pk", "site_id", "title", "received_at", "answered_at", "answer_department"
        )
        .order_by("site_id", "received_at", "pk")
    )


def solicitations_without_feedback(*, as_of: datetime, site_ids=None):
    """Published comment solicitations that ended before ``as_of`` and never
    published their adoption feedback (采纳情况反馈)."""
    rows = (
        Consultation.objects.filter(
            kind=ConsultationKind.SOLICITATION, is_published=True, ends_at__lt=as_of
        )
        .filter(Q(feedback__regex=r"^\s*$") | Q(feedback_published_at__gt=as_of))
        .order_by("site_id", "ends_at", "pk")
    )
    return _narrow(rows, "site_id", site_ids).values(
        "pk", "site_id", "title", "ends_at"
    )


def unanswered_interview_questions(*, today: date, site_ids=None):
    """Approved questions of published interviews still unanswered after their
    due date (5 working days after the interview, docs/domain.md c5)."""
    rows = (
        InterviewQuestion.objects.filter(
            moderation=Moderation.APPROVED,
            interview__is_published=True,
            due_date__lt=today,
        )
        .filter(answer__regex=r"^\s*$")
        .order_by("interview__site_id", "due_date", "pk")
    )
    return _narrow(rows, "interview__site_id", site_ids).values(
        "pk", "interview_id", "interview__site_id", "interview__title", "due_date"
    )


def sites_with_interaction_data() -> set[int]:
    """Sites holding any message, consultation or interview: D5 has something
    to judge on them."""
    found: set[int] = set()
    for model in (Message, Consultation, Interview):
        found.update(model.objects.values_list("site_id", flat=True).distinct())
    return found
