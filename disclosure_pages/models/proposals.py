"""建议提案办理结果: the published reply to a deputy's suggestion (人大代表建议)
or a CPPCC member's proposal (政协委员提案).

A reply is a disclosure document (index number, metadata, publish gate,
search) with the proposal's own fields; its body is the reply letter.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core.choices import ColumnKind
from disclosure_pages.choices import HandlingResult, ProposerType
from disclosure_pages.models.pages import DisclosureDocumentPage

FIRST_SESSION_YEAR = 1954


class ProposalReplyPage(DisclosureDocumentPage):
    """The handling result of one suggestion or proposal, with the reply letter."""

    proposer_type = models.CharField(
        _("建议提案类型"), max_length=10, choices=ProposerType.choices
    )
    proposal_number = models.CharField(
        _("建议提案编号"), max_length=32, help_text=_("例如：第0123号")
    )
    session = models.CharField(
        _("会议届次"), max_length=64, help_text=_("例如：市十七届人大三次会议")
    )
    session_year = models.PositiveSmallIntegerField(_("会议年份"))
    proposer = models.CharField(_("领衔代表或委员"), max_length=128, blank=True)
    proposal_title = models.CharField(_("建议提案标题"), max_length=255)
    handling_result = models.CharField(
        _("办理结果"), max_length=4, choices=HandlingResult.choices
    )

    content_panels = [
        *DisclosureDocumentPage.content_panels[:1],
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("proposer_type"), FieldPanel("proposal_number")]
                ),
                FieldRowPanel([FieldPanel("session"), FieldPanel("session_year")]),
                FieldPanel("proposal_title"),
                FieldRowPanel([FieldPanel("proposer"), FieldPanel("handling_result")]),
            ],
            heading=_("建议提案"),
        ),
        *DisclosureDocumentPage.content_panels[1:],
    ]
    search_fields = [
        *DisclosureDocumentPage.search_fields,
        index.SearchField("proposal_number", boost=3),
        index.SearchField("proposal_title"),
        index.SearchField("session"),
        index.FilterField("proposer_type"),
        index.FilterField("session_year"),
        index.FilterField("handling_result"),
    ]

    class Meta:
        verbose_name = _("建议提案办理结果")
        verbose_name_plural = _("建议提案办理结果")

    @classmethod
    def can_exist_under(cls, parent) -> bool:
        # Only in a 建议提案办理结果 column, which filters by type and year.
        if not super().can_exist_under(parent):
            return False
        return getattr(parent.specific, "kind", None) == ColumnKind.PROPOSAL_RESULT

    def metadata_errors(self) -> dict[str, ValidationError]:
        errors = super().metadata_errors()
        this_year = timezone.localdate().year
        if self.session_year and not (
            FIRST_SESSION_YEAR <= self.session_year <= this_year
        ):
            errors["session_year"] = ValidationError(
                _("会议年份应在 %(first)s 年至今年之间。"),
                params={"first": FIRST_SESSION_YEAR},
            )
        self.proposal_number = self.proposal_number.strip()
        if self.proposal_number and not any(c.isdigit() for c in self.proposal_number):
            errors["proposal_number"] = ValidationError(
                _("建议提案编号应包含数字，例如：第0123号。")
            )
        return errors
