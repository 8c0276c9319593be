"""Online interviews (在线访谈) with their moderated questions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from interaction.choices import InterviewStatus, Moderation


class Interview(ClusterableModel):
    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("所属网站"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    title = models.CharField(_("访谈标题"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=64)
    topic = models.TextField(_("访谈主题"))
    guests = models.TextField(
        _("访谈嘉宾"), help_text=_("每行一位：姓名、单位及职务。")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    announced_at = models.DateTimeField(
        _("预告时间"), null=True, blank=True, help_text=_("应至少提前3个工作日预告。")
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InterviewStatus.choices,
        default=InterviewStatus.PLANNED,
    )
    summary = models.TextField(_("内容摘要"), blank=True)
    transcript = models.TextField(_("文字实录"), blank=True)
    video_url = models.URLField(_("视频链接"), blank=True)
    is_published = models.BooleanField(_("在网站上显示"), default=False)
    # Changes on every new live entry, so the live page polls one number.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="interaction_interview_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.title


class InterviewImage(Orderable):
    interview = ParentalKey(Interview, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE
    )
    caption = models.CharField(_("说明"), max_length=100, blank=True)


class InterviewQuestion(models.Model):
    """A netizen's question, collected before or during the interview."""

    interview = models.ForeignKey(
        Interview,
        verbose_name=_("访谈"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    asker_name = models.CharField(_("网友昵称"), max_length=50, blank=True)
    content = models.TextField(_("问题"))
    submitted_at = models.DateTimeField(_("提问时间"))
    submitter_ip = models.GenericIPAddressField(null=True, blank=True)
    moderation = models.CharField(
        _("审核"),
        max_length=16,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.CharField(_("答复嘉宾"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_live = models.BooleanField(_("现场答复"), default=False)
    # Set when the interview ends with this question approved but unanswered:
    # 5 working days after the end (docs/domain.md c5).
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    # The live page asks for questions changed since its last poll
    # (approved, answered): one indexed timestamp covers every change.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("访谈提问")
        verbose_name_plural = _("访谈提问")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.content[:30]
