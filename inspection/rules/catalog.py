"""Required parts of a site (docs/domain.md b7, c7; indicators D2 and D3).

D3: every organ's 政府信息公开 column holds a guide (指南), the disclosure rules
(制度) and the annual report (年报) of the previous year once its deadline has
passed. D2: the basic information a visitor expects — 概况信息, 机构职能,
负责人信息 — exists as a column of its kind.
"""

from __future__ import annotations

import datetime
from functools import cache

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import ColumnKind
from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import site_pages

BASIC_INFO_KINDS = (ColumnKind.OVERVIEW, ColumnKind.FUNCTIONS, ColumnKind.LEADERS)


def annual_report_due(*, year: int, government_portal: bool) -> datetime.date:
    """When the report on ``year`` must be public (Regulations art. 49): county-
    level and higher governments by 31 March, every other organ by 31 January."""
    return datetime.date(year + 1, 3 if government_portal else 1, 31)


def required_report_year(*, today: datetime.date, government_portal: bool) -> int:
    """The newest year whose annual report must already be public on ``today``."""
    last_year = today.year - 1
    if today > annual_report_due(year=last_year, government_portal=government_portal):
        return last_year
    return last_year - 1


@cache
def _kinded_models() -> tuple:
    """Page models carrying a column kind, with the name of their kind field."""
    from core.models import ColumnPageMixin
    from disclosure_pages.models import DisclosureColumnPage

    return ((DisclosureColumnPage, "kind"),) + tuple(
        (model, "column_kind")
        for model in apps.get_models()
        if issubclass(model, ColumnPageMixin) and not model._meta.abstract
    )


def site_column_kinds(*, site) -> set[str]:
    """Kinds of the live columns (any page type that carries a kind) of ``site``."""
    pages = site_pages(site=site).values("pk")
    kinds: set[str] = set()
    for model, field in _kinded_models():
        kinds.update(model.objects.filter(pk__in=pages).values_list(field, flat=True))
    return kinds


class DisclosureCatalogRule(Rule):
    """The 政府信息公开 column and its fixed parts (D3)."""

    name = "disclosure_catalog"
    label = gettext_lazy("政府信息公开专栏完整性")
    indicators = (Indicator.D3,)

    def check(self, *, site, context: InspectionContext):
        from disclosure_pages.models import (
            AnnualReportPage,
            DisclosureGuidePage,
            DisclosureIndexPage,
            DisclosureRulesPage,
        )
        from site_registry.choices import PORTAL_LEVELS

        pages = site_pages(site=site).values("pk")
        target = site.root_page.url_path

        def problem(message, fingerprint):
            return FoundProblem(
                indicator=Indicator.D3,
                severity=Severity.DEDUCTION,
                message=message,
                target=target,
                page_id=site.root_page_id,
                fingerprint=fingerprint,
            )

        if not DisclosureIndexPage.objects.filter(pk__in=pages).exists():
            yield problem(_("网站未设置“政府信息公开”专栏。"), "catalog:missing")
            return
        if not DisclosureGuidePage.objects.filter(pk__in=pages).exists():
            yield problem(
                _("政府信息公开专栏缺少“政府信息公开指南”。"), "catalog:guide"
            )
        if not DisclosureRulesPage.objects.filter(pk__in=pages).exists():
            yield problem(
                _("政府信息公开专栏缺少“政府信息公开制度”。"), "catalog:rules"
            )
        government_portal = site.level in PORTAL_LEVELS
        year = required_report_year(
            today=context.today, government_portal=government_portal
        )
        # A site opened after the report's year has nothing to report on yet.
        opened = site.created_at.date() if site.created_at else None
        if opened is not None and opened.year > year:
            return
        if not AnnualReportPage.objects.filter(pk__in=pages, year=year).exists():
            due = annual_report_due(year=year, government_portal=government_portal)
            yield problem(
                _("未发布%(year)d年政府信息公开工作年度报告（应于%(due)s前发布）。")
                % {"year": year, "due": due.isoformat()},
                f"catalog:annual-report:{year}",
            )


class BasicInformationRule(Rule):
    """概况信息, 机构职能 and 负责人信息 each have a column (D2)."""

    name = "basic_information"
    label = gettext_lazy("概况、机构、负责人信息")
    indicators = (Indicator.D2,)

    def check(self, *, site, context: InspectionContext):
        present = site_column_kinds(site=site)
        for kind in BASIC_INFO_KINDS:
            if kind in present:
                continue
            yield FoundProblem(
                indicator=Indicator.D2,
                severity=Severity.DEDUCTION,
                message=_("网站缺少“%(kind)s”栏目。") % {"kind": kind.label},
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint=f"basic-info:{kind.value}",
            )
