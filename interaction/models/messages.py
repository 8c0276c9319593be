"""Citizen messages and their handling log (docs/interaction.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from interaction.choices import (
    OPEN_STATUSES,
    InvalidReason,
    MessageAction,
    MessageStatus,
)


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def published(self):
        """Messages the public may read: answered, approved for publication."""
        return self.filter(status=MessageStatus.ANSWERED, is_published=True)

    def counting_for_v5(self):
        """Valid messages of channels that count for veto V5."""
        return self.filter(channel__counts_for_v5=True).exclude(
            status=MessageStatus.INVALID
        )


class Message(models.Model):
    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("所属网站"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    channel = models.ForeignKey(
        "interaction.Channel",
        verbose_name=_("渠道"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    contact_name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    wants_public = models.BooleanField(
        _("同意公开"), default=True, help_text=_("来信人是否同意公开来信及答复。")
    )
    query_code = models.CharField(_("查询码"), max_length=16, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=MessageStatus.choices,
        default=MessageStatus.RECEIVED,
        db_index=True,
    )
    received_at = models.DateTimeField(_("来信时间"), db_index=True)
    due_date = models.DateField(_("答复期限"), db_index=True)
    department = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    # The unit named on the published reply; imported messages may name a
    # unit that is not (or no longer) an organisation of the cluster.
    answer_department = models.CharField(_("回复单位"), max_length=128, blank=True)
    is_published = models.BooleanField(_("已公开"), default=False, db_index=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    invalid_reason = models.CharField(
        _("无效原因"), max_length=16, choices=InvalidReason.choices, blank=True
    )
    invalid_note = models.TextField(_("无效说明"), blank=True)
    # Anti-spam and duplicate detection (never shown to the public).
    submitter_ip = models.GenericIPAddressField(_("来信IP"), null=True, blank=True)
    content_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # Imported messages keep their id in the migrating site's system.
    source_id = models.CharField(_("原系统编号"), max_length=64, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # The public listing: a channel's published messages, newest first.
            models.Index(
                fields=["channel", "-received_at", "-id"],
                condition=Q(is_published=True),
                name="interaction_msg_public_idx",
            ),
            models.Index(fields=["site", "status", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "source_id"],
                condition=~Q(source_id=""),
                name="interaction_msg_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MessageEvent(models.Model):
    """One step in a message's handling: who did what, when (append-only)."""

    message = models.ForeignKey(
        Message,
        verbose_name=_("来信"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=16, choices=MessageAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=MessageStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=MessageStatus.choices, blank=True
    )
    department = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
