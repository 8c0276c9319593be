"""Reads of the inspection: a site's pages and columns, findings, scores, trends."""

from __future__ import annotations

import datetime
from functools import cache

from django.apps import apps
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Page

from inspection.choices import ACTIVE_STATUSES
from inspection.models import Finding, RunStep, SiteScore

TREND_RUNS = 30


def inspected_sites(*, codes: list[str] | None = None) -> QuerySet:
    """Servable sites and sub-sites, by code when given (codes of sub-sites are
    empty): a sub-site of a closed portal is not public, so not inspected."""
    from site_registry.models import SiteProfile

    sites = SiteProfile.objects.servable().select_related("root_page", "site")
    if codes:
        sites = sites.filter(code__in=codes)
    return sites.order_by("root_page__path")


def site_pages(*, site) -> QuerySet:
    """Live pages of ``site``; a portal's sub-sites are inspected on their own."""
    pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
    for child in site.children.filter(kind="subsite").select_related("root_page"):
        pages = pages.exclude(path__startswith=child.root_page.path)
    return pages


@cache
def column_models() -> tuple:
    """Page models that are columns (栏目) listing items, with their kind field."""
    from content.models import ColumnIndexPage
    from disclosure_pages.models import DisclosureColumnPage

    found = [DisclosureColumnPage]
    for model in apps.get_models():
        if issubclass(model, ColumnIndexPage) and not model._meta.abstract:
            found.append(model)
    return tuple(found)


def column_kind(page) -> str:
    return getattr(page, "column_kind", None) or getattr(page, "kind", "")


def site_columns(*, site) -> list[Page]:
    """The site's column pages (specific instances)."""
    pages = site_pages(site=site)
    columns: list[Page] = []
    for model in column_models():
        columns.extend(model.objects.live().filter(pk__in=pages.values("pk")))
    return sorted(columns, key=lambda page: page.path)


@cache
def _column_content_type_ids() -> tuple[int, ...]:
    from django.contrib.contenttypes.models import ContentType

    return tuple(
        ContentType.objects.get_for_model(model).pk for model in column_models()
    )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` (local time): "published by ``day``"
    means before it."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )


def latest_item_dates(
    *, columns: list[Page], until: datetime.date | None = None
) -> dict[int, datetime.date | None]:
    """Newest visible publication date of items under each column, counting
    only items published by ``until`` (an as-of run) when given.

    Items are live descendants that are not columns themselves; an item without
    a publication time does not count (2015 census rule, docs/domain.md d1).
    """
    dates: dict[int, datetime.date | None] = {}
    not_columns = ~Q(content_type_id__in=_column_content_type_ids())
    published = Q(first_published_at__isnull=False)
    if until is not None:
        published &= Q(first_published_at__lt=end_of_day(until))
    for column in columns:
        latest = (
            Page.objects.live()
            .descendant_of(column)
            .filter(not_columns, published)
            .aggregate(latest=Max("first_published_at"))["latest"]
        )
        dates[column.pk] = timezone.localdate(latest) if latest else None
    return dates


def active_findings() -> QuerySet:
    return Finding.objects.filter(status__in=ACTIVE_STATUSES)


def sites_of_user(*, user) -> QuerySet:
    """Sites whose editors or reviewers group the user belongs to."""
    from site_registry.models import SiteProfile

    groups = user.groups.values("pk")
    return SiteProfile.objects.filter(
        Q(editors_group__in=groups) | Q(reviewers_group__in=groups)
    )


def can_audit(*, user) -> bool:
    """Auditors and the office see every site's findings and assign them."""
    return user.is_active and (
        user.is_superuser or user.has_perm("inspection.assign_finding")
    )


def can_start_runs(*, user) -> bool:
    """Who may press 立即检查: auditors and the office hold the permission."""
    return user.is_active and user.has_perm("inspection.start_inspectionrun")


def findings_for_user(*, user) -> QuerySet:
    findings = Finding.objects.select_related("site", "page")
    if can_audit(user=user):
        return findings
    return findings.filter(site__in=sites_of_user(user=user))


def ranked_scores(*, limit: int) -> QuerySet:
    """Each site's ``limit`` newest scores (1 = newest), ranked in the database."""
    return SiteScore.objects.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("site_id")],
            order_by=[F("computed_at").desc(), F("pk").desc()],
        )
    ).filter(rank__lte=limit)


def latest_scores() -> dict[int, SiteScore]:
    """The newest score of each site."""
    return {score.site_id: score for score in ranked_scores(limit=1)}


def cluster_overview() -> list[dict]:
    """One row per inspected site: latest score, veto items, open findings, trend."""
    sites = list(inspected_sites())
    latest = latest_scores()
    counts = dict(
        active_findings()
        .values("site_id")
        .annotate(n=Count("pk"))
        .values_list("site_id", "n")
    )
    trends: dict[int, list] = {site.pk: [] for site in sites}
    for score in ranked_scores(limit=TREND_RUNS).order_by("computed_at", "pk"):
        trends.setdefault(score.site_id, []).append(score)
    rows = []
    for site in sites:
        rows.append(
            {
                "site": site,
                "score": latest.get(site.pk),
                "open_findings": counts.get(site.pk, 0),
                "trend": trends.get(site.pk, []),
            }
        )
    return rows


# Indicators whose data comes from other apps (interaction, service guides):
# the dashboard says whether each was checked on each site (#21.7).
WATCHED_INDICATORS = (
    ("V5", "interaction_response"),
    ("V6", "service_guides"),
    ("D5", "interaction_quality"),
)


def indicator_coverage(*, sites, installed: set[str]) -> dict[int, list[dict]]:
    """Per site, for V5, V6 and D5: ``state`` failed (active findings), passed
    (checked, none) or not_checked with its ``reason`` — the rule is not
    installed, has not run on the site, failed, or had no data to judge.
    Never passed without a completed check."""
    from django.utils.translation import gettext as _

    rules = [rule for _code, rule in WATCHED_INDICATORS]
    latest: dict[tuple[int, str], RunStep] = {}
    steps = RunStep.objects.filter(
        rule__in=rules, site__in=[site.pk for site in sites]
    ).order_by("finished_at", "pk")
    for step in steps:
        latest[(step.site_id, step.rule)] = step
    open_counts = {
        (row["site_id"], row["indicator"]): row["n"]
        for row in active_findings()
        .filter(indicator__in=[code for code, _rule in WATCHED_INDICATORS])
        .values("site_id", "indicator")
        .annotate(n=Count("pk"))
    }
    coverage: dict[int, list[dict]] = {}
    for site in sites:
        states = []
        for code, rule in WATCHED_INDICATORS:
            step = latest.get((site.pk, rule))
            reason = ""
            if rule not in installed:
                reason = _("未启用此检查项")
            elif step is None:
                reason = _("尚未检查")
            elif step.error:
                reason = _("检查出错")
            elif step.not_checked:
                reason = step.not_checked
            count = open_counts.get((site.pk, code), 0)
            if count:
                state = "failed"
            else:
                state = "not_checked" if reason else "passed"
            states.append(
                {"code": code, "state": state, "reason": reason, "count": count}
            )
        coverage[site.pk] = states
    return coverage
