"""Writes for public consultations: comments, moderation, feedback, survey answers.

Every refusal is a ``ValidationError`` with a Chinese message, raised before
anything is written; each write is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interaction.choices import Moderation, QuestionKind
from interaction.models import (
    Consultation,
    ConsultationComment,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from interaction.selectors.consultations import has_ended, is_open, questions_of

# At most this many comments from one address in the window (seconds); the
# setting INTERACTION_COMMENT_RATE = (count, seconds) overrides it.
DEFAULT_COMMENT_RATE = (5, 3600)
MAX_TEXT_ANSWER = 1000


def _refuse_unless_open(consultation: Consultation, now: datetime) -> None:
    if not is_open(consultation, now=now):
        if has_ended(consultation, now=now):
            raise ValidationError(_("本次征集已经结束，不再接受提交。"))
        raise ValidationError(_("本次征集尚未开始。"))


def _take_rate_slot(ip: str | None) -> None:
    """Count one submission from ``ip``; refuse beyond the allowed rate."""
    if not ip:
        return
    limit, window = getattr(settings, "INTERACTION_COMMENT_RATE", DEFAULT_COMMENT_RATE)
    key = f"interaction:consultation-comment:{ip}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise ValidationError(_("提交过于频繁，请稍后再试。"))


def submit_comment(
    *,
    consultation: Consultation,
    content: str,
    name: str = "",
    contact: str = "",
    ip: str | None = None,
    now: datetime | None = None,
) -> ConsultationComment:
    """A citizen's comment on an open solicitation; it waits for moderation."""
    now = now or timezone.now()
    _refuse_unless_open(consultation, now)
    if not content.strip():
        raise ValidationError(_("请填写意见内容。"))
    _take_rate_slot(ip)
    return ConsultationComment.objects.create(
        consultation=consultation,
        name=name.strip(),
        contact=contact.strip(),
        content=content.strip(),
        submitted_at=now,
        submitter_ip=ip or None,
    )


def moderate_comment(*, comment: ConsultationComment, moderation: str) -> None:
    if moderation not in (Moderation.APPROVED, Moderation.REJECTED):
        raise ValidationError(_("无效的审核结果。"))
    comment.moderation = moderation
    comment.save(update_fields=["moderation"])


def publish_feedback(
    *, consultation: Consultation, feedback: str, now: datetime | None = None
) -> Consultation:
    """Publish the adoption feedback (采纳情况反馈); only after the end."""
    now = now or timezone.now()
    if not has_ended(consultation, now=now):
        raise ValidationError(_("征集尚未结束，不能公布采纳情况反馈。"))
    if not feedback.strip():
        raise ValidationError(_("请填写采纳情况反馈。"))
    consultation.feedback = feedback.strip()
    # The first publication's time stays: corrections do not move it.
    consultation.feedback_published_at = consultation.feedback_published_at or now
    consultation.save(update_fields=["feedback", "feedback_published_at"])
    return consultation


# --- surveys ----------------------------------------------------------------


@dataclass
class ParsedAnswer:
    question: SurveyQuestion
    option_ids: list[int]
    text: str


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


def parse_answers(
    questions: list[SurveyQuestion], data
) -> tuple[list[ParsedAnswer], dict[str, str]]:
    """Read the posted answers; errors by field name, in Chinese.

    ``data`` is a QueryDict (``getlist`` for multiple choice). An option must
    belong to its question; required questions must be answered.
    """
    answers: list[ParsedAnswer] = []
    errors: dict[str, str] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == QuestionKind.TEXT:
            text = data.get(name, "").strip()
            if len(text) > MAX_TEXT_ANSWER:
                errors[name] = _("回答不能超过%(n)d个字。") % {"n": MAX_TEXT_ANSWER}
            elif question.required and not text:
                errors[name] = _("此题为必答题。")
            elif text:
                answers.append(ParsedAnswer(question, [], text))
            continue
        raw = data.getlist(name)
        valid = {str(option.pk): option.pk for option in question.options.all()}
        if any(value not in valid for value in raw):
            errors[name] = _("所选选项无效。")
        elif question.kind == QuestionKind.SINGLE and len(raw) > 1:
            errors[name] = _("此题只能选择一项。")
        elif question.required and not raw:
            errors[name] = _("此题为必答题。")
        elif raw:
            answers.append(ParsedAnswer(question, sorted({valid[v] for v in raw}), ""))
    return answers, errors


class SurveyRefused(ValidationError):
    """Refused answers; ``errors`` maps field names to messages."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


def submit_survey(
    *, consultation: Consultation, data, ip: str | None, now: datetime | None = None
) -> SurveyResponse:
    """One response per client address and survey (docs/interaction.md)."""
    now = now or timezone.now()
    _refuse_unless_open(consultation, now)
    answers, errors = parse_answers(questions_of(consultation), data)
    if errors:
        raise SurveyRefused(_("问卷填写有误，请检查标出的题目。"), errors)
    if not answers:
        raise SurveyRefused(_("请至少回答一道题。"))
    with transaction.atomic():
        # Serialise the survey's submissions so one address cannot answer twice.
        Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
        if ip and consultation.responses.filter(submitter_ip=ip).exists():
            raise SurveyRefused(_("您已参与过本次调查，感谢支持。"))
        response = SurveyResponse.objects.create(
            consultation=consultation, submitted_at=now, submitter_ip=ip or None
        )
        for answer in answers:
            row = SurveyAnswer.objects.create(
                response=response, question=answer.question, text=answer.text
            )
            if answer.option_ids:
                row.options.set(answer.option_ids)
    return response
