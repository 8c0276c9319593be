"""Published text and attachments: the publish gate's checks, run nightly.

Covers V1 (banned/sensitive words from the office's list), D7 (misspellings
from the maintained list; resident IDs with checksum, mobile numbers, bank cards
with Luhn — masked), D3 (missing required metadata) and D1 (internal links to
pages or documents that are gone). The detectors are the ones of ``core`` that
the publish gate uses, so a page that passes the gate passes this rule unless a
list changed since.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from inspection.choices import DeductionItem, Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages

# publishing.checks issue code -> (indicator, severity)
CODE_MAP = {
    "sensitive_word": (Indicator.V1, Severity.VETO),
    "personal_data": (Indicator.D7, Severity.DEDUCTION),
    "misspelling": (Indicator.D7, Severity.DEDUCTION),
    "missing_metadata": (Indicator.D3, Severity.DEDUCTION),
    "broken_link": (Indicator.D1, Severity.DEDUCTION),
    "attachment_unchecked": (Indicator.D7, Severity.ADVICE),
}
# Issue codes that are deduction items of their own (choices.DeductionItem).
ITEMS = {
    "personal_data": DeductionItem.PERSONAL_DATA,
    "misspelling": DeductionItem.MISSPELLING,
}
CHUNK = 500


class ContentRule(Rule):
    name = "content"
    label = gettext_lazy("正文和附件内容")
    indicators = (Indicator.V1, Indicator.D1, Indicator.D3, Indicator.D7)

    def check(self, *, site, context: InspectionContext):
        from publishing.checks import check_page, word_lists

        lists = word_lists()  # once per site, not once per page
        pages = site_pages(site=site).order_by("path")
        ids = list(pages.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for page in pages.filter(pk__in=chunk).specific():
                report = check_page(page, published=True, lists=lists)
                for issue in [*report.blocking, *report.warnings]:
                    mapped = CODE_MAP.get(issue.code)
                    if mapped is None:
                        continue
                    indicator, severity = mapped
                    yield FoundProblem(
                        indicator=indicator,
                        severity=severity,
                        message=str(issue.message)[:500],
                        target=page.url_path,
                        page_id=page.pk,
                        # The excerpt is masked; it tells two problems of the
                        # same kind in the same field apart without positions,
                        # which move when text is edited above them.
                        fingerprint=f"{issue.code}:{issue.place}:{issue.excerpt}",
                        evidence=issue.excerpt,
                        item=ITEMS.get(issue.code, ""),
                    )
