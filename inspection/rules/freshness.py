"""Home page and column freshness, blank columns (V3, V4; docs/domain.md b7, d2).

Periods per column kind come from ``settings.INSPECTION_FRESHNESS_DAYS``. A
column is fresh when its newest item was published on or after
``today - period``; the period's last day still counts as fresh. Only items
published by the inspection day count, so a run for a past day sees the
columns as they were.

Stale and blank columns below the veto thresholds are deduction findings of
D2 (信息发布: home page and column updates), worth the office's points per
finding (``InspectionPointsSettings``, 0 to make them advice only). A column
first published within ``INSPECTION_BLANK_COLUMN_GRACE_DAYS`` (30) of the
inspection day is not yet blank: a newly opened site is not failed on day one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import ColumnKind
from inspection.choices import DeductionItem, Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from inspection.selectors import column_kind, latest_item_dates, site_columns

HOME_PERIOD_DAYS = 14  # V3 (docs/domain.md d2)

# V4 (a): 动态/要闻 within two weeks, 通知公告/政策文件 within six months.
DEFAULT_FRESHNESS_DAYS = {
    ColumnKind.NEWS: 14,
    ColumnKind.NOTICE: 183,
    ColumnKind.POLICY: 183,
    # "Should-update" kinds (V4 (b)); the national windows are not published
    # [U] (docs/domain.md d2), a year is the usual local rule.
    ColumnKind.PERSONNEL: 365,
    ColumnKind.PLANNING: 365,
    ColumnKind.INTERPRETATION: 183,
    ColumnKind.BUDGET: 366,
    ColumnKind.STATISTICS: 366,
    ColumnKind.KEY_AREAS: 183,
    ColumnKind.ANNUAL_REPORT: 366,
}
V4A_KINDS = frozenset({ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY})
V4A_THRESHOLD = 5
V4B_THRESHOLD = 10
V4C_THRESHOLD = 5
# Columns that hold standing information, not a stream of items: never blank
# by the rule's meaning when they have at least the page itself.
NOT_STREAMS = frozenset(
    {ColumnKind.LEADERS, ColumnKind.OVERVIEW, ColumnKind.FUNCTIONS, ColumnKind.SERVICE}
)
BLANK_GRACE_DAYS = 30


def blank_grace_days() -> int:
    return getattr(settings, "INSPECTION_BLANK_COLUMN_GRACE_DAYS", BLANK_GRACE_DAYS)


def opened_on(column) -> datetime.date | None:
    """The day a column was first published (local), None if it never was."""
    first = column.first_published_at
    return timezone.localdate(first) if first else None


def freshness_days() -> dict[str, int]:
    return {
        **DEFAULT_FRESHNESS_DAYS,
        **getattr(settings, "INSPECTION_FRESHNESS_DAYS", {}),
    }


def is_fresh(latest: datetime.date | None, *, today: datetime.date, days: int) -> bool:
    return latest is not None and latest >= today - datetime.timedelta(days=days)


def _date_text(value: datetime.date | None) -> str:
    return value.isoformat() if value else _("无发布时间的信息")


class HomeFreshnessRule(Rule):
    """V3: nothing new on the home page (its column feeds) for two weeks."""

    name = "home_freshness"
    label = gettext_lazy("首页更新")
    indicators = (Indicator.V3,)

    def check(self, *, site, context: InspectionContext):
        columns = site_columns(site=site)
        fed = _home_feed_columns(site)
        if fed:
            columns = [column for column in columns if column.pk in fed] or columns
        dates = [
            d
            for d in latest_item_dates(columns=columns, until=context.today).values()
            if d
        ]
        latest = max(dates) if dates else None
        if is_fresh(latest, today=context.today, days=HOME_PERIOD_DAYS):
            return
        yield FoundProblem(
            indicator=Indicator.V3,
            severity=Severity.VETO,
            message=_("首页超过%(days)d天没有新增信息（最近一条：%(latest)s）。")
            % {"days": HOME_PERIOD_DAYS, "latest": _date_text(latest)},
            target=site.root_page.url_path,
            page_id=site.root_page_id,
            fingerprint="home",
        )


def _home_feed_columns(site) -> set[int]:
    """Columns the home page's latest-items blocks show, when it has any."""
    home = site.root_page.specific
    body = getattr(home, "body", None)
    if body is None:
        return set()
    found = set()
    for block in body:
        value = block.value
        column = value.get("column") if hasattr(value, "get") else None
        if column is not None:
            found.add(column.pk)
    return found


class ColumnFreshnessRule(Rule):
    """V4: columns not updated within their kind's period, and blank columns;
    below the veto thresholds each is a D2 deduction."""

    name = "column_freshness"
    label = gettext_lazy("栏目更新和空白栏目")
    indicators = (Indicator.V4, Indicator.D2)

    def check(self, *, site, context: InspectionContext):
        periods = freshness_days()
        grace = datetime.timedelta(days=blank_grace_days())
        columns = [
            column
            for column in site_columns(site=site)
            # A column opened after the inspection day did not exist then.
            if (opened_on(column) or context.today) <= context.today
        ]
        dates = latest_item_dates(columns=columns, until=context.today)
        stale_a = stale_b = blank = 0
        for column in columns:
            kind = column_kind(column)
            latest = dates[column.pk]
            if latest is None and kind not in NOT_STREAMS:
                opened = opened_on(column)
                if opened is not None and opened > context.today - grace:
                    continue  # newly opened: not blank yet
                blank += 1
                yield FoundProblem(
                    indicator=Indicator.D2,
                    severity=Severity.DEDUCTION,
                    message=_("栏目“%(title)s”是空白栏目，没有任何信息。")
                    % {"title": column.title},
                    target=column.url_path,
                    page_id=column.pk,
                    fingerprint="blank",
                    item=DeductionItem.BLANK_COLUMN,
                )
                continue
            days = periods.get(kind)
            if days is None or is_fresh(latest, today=context.today, days=days):
                continue
            if kind in V4A_KINDS:
                stale_a += 1
            else:
                stale_b += 1
            yield FoundProblem(
                indicator=Indicator.D2,
                severity=Severity.DEDUCTION,
                item=DeductionItem.STALE_COLUMN,
                message=_(
                    "栏目“%(title)s”（%(kind)s）超过%(days)d天未更新"
                    "（最近一条：%(latest)s）。"
                )
                % {
                    "title": column.title,
                    "kind": ColumnKind(kind).label,
                    "days": days,
                    "latest": _date_text(latest),
                },
                target=column.url_path,
                page_id=column.pk,
                fingerprint="stale",
            )
        for count, threshold, code, text in (
            (
                stale_a,
                V4A_THRESHOLD,
                "v4a",
                _("逾期未更新的动态要闻、通知公告、政策文件栏目"),
            ),
            (stale_b, V4B_THRESHOLD, "v4b", _("长期未更新的应更新栏目")),
            (blank, V4C_THRESHOLD, "v4c", _("空白栏目")),
        ):
            if count >= threshold:
                yield FoundProblem(
                    indicator=Indicator.V4,
                    severity=Severity.VETO,
                    message=_("%(what)s达到%(count)d个（否决线%(threshold)d个）。")
                    % {"what": text, "count": count, "threshold": threshold},
                    target=site.root_page.url_path,
                    page_id=site.root_page_id,
                    fingerprint=code,
                )
