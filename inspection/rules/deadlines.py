"""Documents published after the publication time limit (docs/domain.md c1, D3).

One deduction finding per live document of the site first published in the
inspection window (the 12 months before the inspection day [U]) later than
the office's limit (``PublicationDeadlineSettings``: 20 working days by
default) after its 成文日期, on the shared working-day calendar. Imported
documents are not checked (``disclosure_pages.selectors.late_documents``).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages

WINDOW_DAYS = 365


class LatePublicationRule(Rule):
    name = "late_publication"
    label = gettext_lazy("超期公开")
    indicators = (Indicator.D3,)

    def check(self, *, site, context: InspectionContext):
        from disclosure_pages.models import DisclosureDocumentPage
        from disclosure_pages.selectors import late_documents, publication_limit

        limit = publication_limit()
        documents = DisclosureDocumentPage.objects.filter(
            pk__in=site_pages(site=site).values("pk")
        )
        since = context.today - datetime.timedelta(days=WINDOW_DAYS)
        for item in late_documents(
            documents, working_days=limit, published_since=since
        ):
            if item.published_on > context.today:
                continue
            yield FoundProblem(
                indicator=Indicator.D3,
                severity=Severity.DEDUCTION,
                message=_(
                    "《%(title)s》成文于%(formed)s，应于%(due)s前公开"
                    "（%(n)d个工作日），实际于%(published)s发布。"
                )
                % {
                    "title": item.document.title,
                    "formed": item.formed_on.isoformat(),
                    "due": item.due.isoformat(),
                    "n": limit,
                    "published": item.published_on.isoformat(),
                },
                target=item.document.url_path,
                page_id=item.document.pk,
                fingerprint="late-publication",
            )
