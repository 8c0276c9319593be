"""Disclosure catalog rules: expiry, interpretation (三同步), reposts due (hook)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages


class ExpiredStillValidRule(Rule):
    """Documents past their expiry date whose 有效性 is still 有效 (D3)."""

    name = "expired_still_valid"
    label = gettext_lazy("过期文件仍标为有效")
    indicators = (Indicator.D3,)

    def check(self, *, site, context: InspectionContext):
        from disclosure_pages.choices import Validity
        from disclosure_pages.expiry import lapsed_q
        from disclosure_pages.models import DisclosureDocumentPage

        documents = DisclosureDocumentPage.objects.live().filter(
            lapsed_q(context.today),
            pk__in=site_pages(site=site).values("pk"),
            validity=Validity.VALID,
        )
        for document in documents.order_by("path"):
            yield FoundProblem(
                indicator=Indicator.D3,
                severity=Severity.DEDUCTION,
                message=_("《%(title)s》有效期至%(date)s，已失效，目录中仍标为“有效”。")
                % {"title": document.title, "date": document.expiry_date.isoformat()},
                target=document.url_path,
                page_id=document.pk,
                fingerprint="expired",
            )


class MissingInterpretationRule(Rule):
    """Policies marked as needing an interpretation that have none live (D4);
    a live press conference linked to the policy counts as one (c3)."""

    name = "missing_interpretation"
    label = gettext_lazy("政策文件缺少解读")
    indicators = (Indicator.D4,)

    def check(self, *, site, context: InspectionContext):
        from policy_interpretation.selectors import documents_missing_interpretation

        documents = documents_missing_interpretation(root=site.root_page).filter(
            pk__in=site_pages(site=site).values("pk")
        )
        for document in documents:
            yield FoundProblem(
                indicator=Indicator.D4,
                severity=Severity.DEDUCTION,
                message=_("政策文件《%(title)s》需要解读，但没有已发布的解读。")
                % {"title": document.title},
                target=document.url_path,
                page_id=document.pk,
                fingerprint="no-interpretation",
            )


class OverdueRepostRule(Rule):
    """Reposts due and not done (应转未转, docs/domain.md c4).

    ``settings.INSPECTION_OVERDUE_REPOSTS`` names the function that knows the
    repost rules, by default ``reposting.selectors.overdue_reposts``: called as
    ``f(*, site_profile, today)`` it returns obligations with the ``source``
    document and the ``due`` date. A project without reposting sets it empty.
    """

    name = "overdue_reposts"
    label = gettext_lazy("应转未转")
    indicators = (Indicator.D4,)

    def source(self):
        path = getattr(settings, "INSPECTION_OVERDUE_REPOSTS", "")
        return import_string(path) if path else None

    def check(self, *, site, context: InspectionContext):
        overdue = self.source()
        if overdue is None:
            return
        for obligation in overdue(site_profile=site, today=context.today):
            document = obligation.source
            yield FoundProblem(
                indicator=Indicator.D4,
                severity=Severity.DEDUCTION,
                message=_("上级文件《%(title)s》应于%(due)s前转载，尚未转载。")
                % {"title": document.title, "due": obligation.due.isoformat()},
                # The target is the site itself: the repost is what is missing.
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint=f"repost:{document.pk}",
            )
