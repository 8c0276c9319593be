"""Public consultations (征集调查): comment solicitations and surveys."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from interaction.choices import ConsultationKind, Moderation, QuestionKind


class Consultation(ClusterableModel):
    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("所属网站"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    kind = models.CharField(
        _("类型"),
        max_length=16,
        choices=ConsultationKind.choices,
        default=ConsultationKind.SOLICITATION,
    )
    title = models.CharField(_("标题"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=64)
    description = models.TextField(_("说明"))
    organizer = models.CharField(_("征集单位"), max_length=128, blank=True)
    draft = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("征求意见稿"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    feedback = models.TextField(
        _("采纳情况反馈"), blank=True, help_text=_("征集结束后公布意见采纳情况。")
    )
    feedback_published_at = models.DateTimeField(
        _("反馈公布时间"), null=True, blank=True
    )
    results_public = models.BooleanField(_("公布调查结果"), default=True)
    is_published = models.BooleanField(_("在网站上显示"), default=False)

    class Meta:
        verbose_name = _("征集调查")
        verbose_name_plural = _("征集调查")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="interaction_consultation_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationAttachment(Orderable):
    consultation = ParentalKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("附件"), on_delete=models.PROTECT
    )


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("征集"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=64, blank=True)
    content = models.TextField(_("意见内容"))
    submitted_at = models.DateTimeField(_("提交时间"))
    submitter_ip = models.GenericIPAddressField(null=True, blank=True)
    moderation = models.CharField(
        _("审核"),
        max_length=16,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.content[:30]


class SurveyQuestion(Orderable, ClusterableModel):
    consultation = ParentalKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("题目"), max_length=200)
    kind = models.CharField(
        _("题型"),
        max_length=16,
        choices=QuestionKind.choices,
        default=QuestionKind.SINGLE,
    )
    required = models.BooleanField(_("必答"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")

    def __str__(self) -> str:
        return self.text


class SurveyOption(Orderable):
    question = ParentalKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="options"
    )
    text = models.CharField(_("选项"), max_length=100)

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    submitter_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")

    def __str__(self) -> str:
        return f"{self.consultation} {self.submitted_at:%Y-%m-%d %H:%M}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    options = models.ManyToManyField(SurveyOption, blank=True, related_name="answers")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="interaction_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text}"
