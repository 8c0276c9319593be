"""Amend and repeal: a later document declares what it does to earlier ones.

The declaration belongs to the declaring document (a child of its page, kept in
its revisions like attachments), so a draft changes nothing: a relation is in
force while its document is live, from ``effective_from`` on. The target's
有效性 is computed from the relations in force (``DisclosureDocumentPage.
validity_on``), so unpublishing the declaring document reverts it at once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from disclosure_pages.choices import RelationKind
from disclosure_pages.models.pages import DOCUMENT, DisclosureDocumentPage


class DocumentRelation(Orderable):
    """One earlier document that the ``source`` document amends or repeals."""

    source = ParentalKey(
        DisclosureDocumentPage, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(
        _("关系"),
        max_length=10,
        choices=RelationKind.choices,
        default=RelationKind.REPEALS,
    )
    target = models.ForeignKey(
        DisclosureDocumentPage,
        verbose_name=_("被修改或废止的文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relations_received",
        help_text=_("从站群各网站的公开目录中选择。"),
    )
    target_number = models.CharField(
        _("或填写发文字号"),
        max_length=64,
        blank=True,
        help_text=_(
            "不选择文件时填写其发文字号，保存时在站群目录中查找对应的已发布文件。"
        ),
    )
    # Set at each publication of the source: its 生效日期, else its publication day.
    effective_from = models.DateField(_("起效日期"), null=True, editable=False)

    panels = [
        FieldPanel("kind"),
        PageChooserPanel("target", DOCUMENT),
        FieldPanel("target_number"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("修改或废止的文件")
        verbose_name_plural = _("修改或废止的文件")
        indexes = [
            models.Index(fields=["target", "kind"], name="disclosure_relation_idx"),
        ]
