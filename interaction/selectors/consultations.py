"""Reads for public consultations (征集调查): who sees what, phases, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.roles import AUDITOR_GROUP
from hardening.selectors import is_office_staff
from interaction.choices import Moderation, QuestionKind
from interaction.models import (
    Consultation,
    ConsultationComment,
    SurveyAnswer,
    SurveyQuestion,
)
from interaction.rules import due_date_for
from site_registry.models import SiteProfile
from site_registry.selectors import sites_edited_by

# Feedback on adoption is due this many working days after the end; the
# setting INTERACTION_FEEDBACK_DAYS overrides it (docs/interaction.md).
DEFAULT_FEEDBACK_DAYS = 15


# --- who may do what --------------------------------------------------------


def is_auditor(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=AUDITOR_GROUP).exists()
    )


def managed_sites(*, user) -> QuerySet[SiteProfile]:
    """Sites whose consultations the user may create and change.

    The office (and superusers) manage every open site; a site's editors and
    reviewers manage their own sites; auditors manage none.
    """
    if is_office_staff(user):
        return SiteProfile.objects.servable()
    if not user.is_authenticated or not user.is_active:
        return SiteProfile.objects.none()
    return sites_edited_by(user=user)


def can_read_all(*, user) -> bool:
    return is_office_staff(user) or is_auditor(user)


def consultations_for_user(*, user) -> QuerySet[Consultation]:
    """Every consultation the user may see in the admin (other sites: none)."""
    consultations = Consultation.objects.select_related("site")
    if can_read_all(user=user):
        return consultations
    return consultations.filter(site__in=managed_sites(user=user))


def can_manage(*, user, consultation: Consultation) -> bool:
    return managed_sites(user=user).filter(pk=consultation.site_id).exists()


# --- phases -----------------------------------------------------------------


def is_open(consultation: Consultation, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return consultation.starts_at <= now < consultation.ends_at


def has_ended(consultation: Consultation, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= consultation.ends_at


def feedback_days() -> int:
    return int(getattr(settings, "INTERACTION_FEEDBACK_DAYS", DEFAULT_FEEDBACK_DAYS))


def feedback_due_date(consultation: Consultation) -> date:
    """The last day to publish the feedback: N working days after the end day."""
    return due_date_for(consultation.ends_at, feedback_days())


def overdue_feedback(
    *, consultations: QuerySet[Consultation], today: date | None = None
) -> list[Consultation]:
    """Solicitations past their feedback due date without published feedback.

    Surveys have no adoption feedback (their results are the outcome).
    """
    today = today or timezone.localdate()
    candidates = consultations.filter(
        kind="solicitation",
        feedback_published_at__isnull=True,
        ends_at__lt=timezone.now(),
    ).order_by("ends_at", "pk")
    overdue = []
    for consultation in candidates:
        consultation.feedback_due = feedback_due_date(consultation)
        if consultation.feedback_due < today:
            overdue.append(consultation)
    return overdue


# --- public pages -----------------------------------------------------------


def public_consultations(*, site: SiteProfile) -> QuerySet[Consultation]:
    """A site's published consultations that have started, newest first."""
    return Consultation.objects.filter(
        site=site, is_published=True, starts_at__lte=timezone.now()
    ).order_by("-starts_at", "-pk")


def split_open_closed(
    consultations: QuerySet[Consultation],
) -> tuple[list[Consultation], list[Consultation]]:
    now = timezone.now()
    rows = list(consultations)
    return (
        [c for c in rows if is_open(c, now=now)],
        [c for c in rows if has_ended(c, now=now)],
    )


def public_consultation(*, site: SiteProfile, slug: str) -> Consultation | None:
    return (
        public_consultations(site=site)
        .select_related("draft")
        .prefetch_related("attachments__document")
        .filter(slug=slug)
        .first()
    )


def approved_comments(consultation: Consultation) -> QuerySet[ConsultationComment]:
    return consultation.comments.filter(moderation=Moderation.APPROVED)


def questions_of(consultation: Consultation) -> list[SurveyQuestion]:
    return list(
        consultation.questions.order_by("sort_order", "pk").prefetch_related("options")
    )


# --- survey results ---------------------------------------------------------


@dataclass
class OptionResult:
    text: str
    count: int
    percent: int  # of the question's respondents, rounded


@dataclass
class QuestionResult:
    question: SurveyQuestion
    respondents: int
    options: list[OptionResult] = field(default_factory=list)
    text_answers: int = 0


def survey_results(consultation: Consultation) -> list[QuestionResult]:
    """Per-question counts and percentages; text answers are only counted.

    The percentage is of the people who answered that question, so a multiple
    choice question's percentages may add up to more than 100.
    """
    results = []
    for question in questions_of(consultation):
        answers = SurveyAnswer.objects.filter(question=question)
        if question.kind == QuestionKind.TEXT:
            answered = answers.exclude(text="").count()
            results.append(
                QuestionResult(question, respondents=answered, text_answers=answered)
            )
            continue
        respondents = answers.filter(options__isnull=False).distinct().count()
        counts = dict(
            question.options.annotate(
                n=Count("answers", filter=Q(answers__question=question))
            ).values_list("pk", "n")
        )
        options = [
            OptionResult(
                text=option.text,
                count=counts.get(option.pk, 0),
                percent=round(100 * counts.get(option.pk, 0) / respondents)
                if respondents
                else 0,
            )
            for option in question.options.all()
        ]
        results.append(QuestionResult(question, respondents, options))
    return results
