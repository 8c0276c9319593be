"""Annual-report Tables 三 and 四 from the records (docs/domain.md c2a, e).

Table 三 counts applications by the organ's dates: 新收 = received in the year;
上年结转 = received before the year and not closed before it; each outcome row
= closed in the year with that outcome; 结转下年度 = received by 31 December
and not closed by then. Columns are the applicant types and 总计. Only
applications with a receipt date count (one submitted online but never
confirmed was never received). One grouped query with a filtered COUNT per
row does it: 50,000 applications over 40 organs are read once.

Table 四 counts the review and lawsuit records staff enter: decided in the
year by result, and 尚未审结 = filed by 31 December and not decided by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from applications.choices import AppealKind, AppealResult, ApplicantType, Outcome
from applications.models import AppealRecord, Application

COLUMNS = [*ApplicantType.values, "total"]
COLUMN_LABELS = [*ApplicantType.labels, _("总计")]

NEW = "new"
CARRIED_OVER = "carried_over"
TOTAL = "total"
CARRIED_FORWARD = "carried_forward"

# The outcome groups (一)…(六) of 三、本年度办理结果, by value prefix.
GROUPS = [
    ("disclosed", _("（一）予以公开"), False),
    ("partial", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), False),
    ("withheld_", _("（三）不予公开"), True),
    ("unable_", _("（四）无法提供"), True),
    ("not_processed_", _("（五）不予处理"), True),
    ("other_", _("（六）其他处理"), True),
]


@dataclass(frozen=True)
class Row:
    key: str  # NEW, CARRIED_OVER, an Outcome value, TOTAL, CARRIED_FORWARD
    label: str
    level: int  # 0 section, 1 group, 2 item (for indentation)
    counts: tuple[int, ...]  # one per COLUMNS entry, 总计 last


@dataclass(frozen=True)
class TableThree:
    year: int
    rows: list[Row]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def count(self, key: str, column: str = "total") -> int:
        return self.row(key).counts[COLUMNS.index(column)]

    @property
    def balanced(self) -> bool:
        """新收 + 上年结转 = （七）总计 + 结转下年度, in every column."""
        new, old = self.row(NEW).counts, self.row(CARRIED_OVER).counts
        done, left = self.row(TOTAL).counts, self.row(CARRIED_FORWARD).counts
        return all(
            a + b == c + d for a, b, c, d in zip(new, old, done, left, strict=True)
        )


def _outcome_filter(outcome: str, closed_in_year: Q) -> Q:
    # An application closed without an outcome (legacy data) counts as 其他.
    if outcome == Outcome.OTHER:
        return closed_in_year & (Q(outcome=outcome) | Q(outcome=""))
    return closed_in_year & Q(outcome=outcome)


def table_three(*, organization_ids, year: int) -> TableThree:
    start, end = date(year, 1, 1), date(year, 12, 31)
    closed_in_year = Q(closed_on__gte=start, closed_on__lte=end)
    filters = {
        NEW: Q(received_on__gte=start),
        CARRIED_OVER: Q(received_on__lt=start)
        & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)),
        TOTAL: closed_in_year,
        CARRIED_FORWARD: Q(closed_on__isnull=True) | Q(closed_on__gt=end),
    }
    for outcome in Outcome.values:
        filters[outcome] = _outcome_filter(outcome, closed_in_year)
    grouped = (
        Application.objects.filter(
            organization_id__in=list(organization_ids),
            received_on__isnull=False,
            received_on__lte=end,
        )
        .values("applicant_type")
        .annotate(**{key: Count("pk", filter=q) for key, q in filters.items()})
        .order_by()
    )
    by_type = {row["applicant_type"]: row for row in grouped}

    def counts(key: str) -> tuple[int, ...]:
        cells = [by_type.get(t, {}).get(key, 0) for t in ApplicantType.values]
        return (*cells, sum(cells))

    def group_counts(prefix: str) -> tuple[int, ...]:
        members = [counts(o) for o in Outcome.values if o.startswith(prefix)]
        return tuple(sum(column) for column in zip(*members, strict=True))

    rows = [
        Row(NEW, _("一、本年新收政府信息公开申请数量"), 0, counts(NEW)),
        Row(
            CARRIED_OVER, _("二、上年结转政府信息公开申请数量"), 0, counts(CARRIED_OVER)
        ),
    ]
    for prefix, label, itemised in GROUPS:
        if not itemised:
            rows.append(Row(prefix, label, 1, counts(prefix)))
            continue
        rows.append(Row(f"group:{prefix}", label, 1, group_counts(prefix)))
        members = [o for o in Outcome if o.value.startswith(prefix)]
        for number, outcome in enumerate(members, start=1):
            item = str(outcome.label).split("：", 1)[-1]
            rows.append(Row(outcome.value, f"{number}. {item}", 2, counts(outcome)))
    rows.append(Row(TOTAL, _("（七）总计"), 1, counts(TOTAL)))
    rows.append(
        Row(CARRIED_FORWARD, _("四、结转下年度继续办理"), 0, counts(CARRIED_FORWARD))
    )
    # Balanced whenever no application closed before it was received (the
    # import and the handling services refuse that); the admin view warns
    # when ``balanced`` is false rather than failing.
    return TableThree(year=year, rows=rows)


APPEAL_RESULTS = [
    AppealResult.UPHELD,
    AppealResult.CORRECTED,
    AppealResult.OTHER,
    AppealResult.PENDING,
]


@dataclass(frozen=True)
class TableFour:
    year: int
    # kind → (结果维持, 结果纠正, 其他结果, 尚未审结, 总计)
    blocks: dict[str, tuple[int, int, int, int, int]]

    @property
    def cells(self) -> list[int]:
        """The report's one row of 15 numbers, in the report's order."""
        return [n for kind in AppealKind.values for n in self.blocks[kind]]


def table_four(*, organization_ids, year: int) -> TableFour:
    start, end = date(year, 1, 1), date(year, 12, 31)
    decided_in_year = Q(decided_on__gte=start, decided_on__lte=end)
    aggregates = {
        result: Count("pk", filter=decided_in_year & Q(result=result))
        for result in APPEAL_RESULTS[:3]
    }
    aggregates[AppealResult.PENDING] = Count(
        "pk",
        filter=Q(filed_on__lte=end)
        & (Q(decided_on__isnull=True) | Q(decided_on__gt=end)),
    )
    grouped = (
        AppealRecord.objects.filter(organization_id__in=list(organization_ids))
        .values("kind")
        .annotate(**aggregates)
        .order_by()
    )
    by_kind = {row["kind"]: row for row in grouped}
    blocks = {}
    for kind in AppealKind.values:
        cells = [by_kind.get(kind, {}).get(r, 0) for r in APPEAL_RESULTS]
        blocks[kind] = (*cells, sum(cells))
    return TableFour(year=year, blocks=blocks)
