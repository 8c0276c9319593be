"""The national scoring method (docs/domain.md d1).

A veto item makes the site 不合格 and nothing else counts. Otherwise deductions
are taken from 100, each indicator at most its own weight; below 60 is 不合格.
Every deduction finding counts as one deduction item (``choices.DeductionItem``)
whose points per finding the office sets (``InspectionPointsSettings``,
defaults ``choices.DEFAULT_ITEM_POINTS``); the weights per indicator are
``settings.INSPECTION_DEDUCTION_WEIGHTS``. Neither is published nationally [U].
Bonus items (portals at ≥80) need a human judgement and are not scored here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from inspection.choices import (
    DEDUCTION_ITEM_INDICATOR,
    DEFAULT_ITEM_POINTS,
    INDICATOR_DEFAULT_ITEM,
    DeductionItem,
    Indicator,
    Severity,
)

FULL_MARKS = Decimal(100)
PASS_MARK = Decimal(60)
DEFAULT_WEIGHTS = {
    Indicator.D1: 15,
    Indicator.D2: 15,
    Indicator.D3: 15,
    Indicator.D4: 10,
    Indicator.D5: 10,
    Indicator.D6: 10,
    Indicator.D7: 15,
    Indicator.D8: 10,
}


@dataclass
class ScoreResult:
    score: Decimal
    vetoed: bool
    passed: bool
    veto_indicators: list[str] = field(default_factory=list)
    deductions: dict[str, str] = field(default_factory=dict)
    # One line per deduction finding (see ``SiteScore.lines``).
    lines: list[dict] = field(default_factory=list)


def points_text(value: Decimal) -> str:
    """Points as auditors read them: 1, 2.5, 15 (no trailing zeros)."""
    return format(value.normalize(), "f")


def weights() -> dict[str, int]:
    return {**DEFAULT_WEIGHTS, **getattr(settings, "INSPECTION_DEDUCTION_WEIGHTS", {})}


def default_points() -> dict[str, Decimal]:
    return {item: Decimal(value) for item, value in DEFAULT_ITEM_POINTS.items()}


def deduction_item(finding, *, home_page_id: int | None = None) -> str:
    """The deduction item a deduction finding counts as: its own, else its
    indicator's usual one; a broken link on the home page weighs as such."""
    item = getattr(finding, "item", "") or INDICATOR_DEFAULT_ITEM.get(
        finding.indicator, ""
    )
    if item == DeductionItem.BROKEN_LINK and finding.page_id == home_page_id:
        item = DeductionItem.BROKEN_LINK_HOME
    if DEDUCTION_ITEM_INDICATOR.get(item) != finding.indicator:
        return ""
    return item


def score_findings(
    findings, *, home_page_id: int | None = None, points: dict | None = None
) -> ScoreResult:
    """Score a site from its active findings (indicator, severity, item,
    page_id); ``points`` maps each deduction item to its points per finding."""
    points = {**default_points(), **(points or {})}
    caps = weights()
    vetoes: set[str] = set()
    taken: dict[str, Decimal] = {}
    lines = []
    ordered = sorted(findings, key=lambda f: (f.indicator, getattr(f, "pk", 0) or 0))
    for finding in ordered:
        if finding.severity == Severity.VETO:
            vetoes.add(finding.indicator)
            continue
        if finding.severity != Severity.DEDUCTION:
            continue
        item = deduction_item(finding, home_page_id=home_page_id)
        setting = points.get(item, Decimal(0))
        cap = Decimal(caps.get(finding.indicator, 0))
        before = taken.get(finding.indicator, Decimal(0))
        counted = max(Decimal(0), min(setting, cap - before))
        taken[finding.indicator] = before + counted
        lines.append(
            {
                "finding": getattr(finding, "pk", None),
                "indicator": finding.indicator,
                "item": item,
                "message": getattr(finding, "message", ""),
                "points": points_text(setting),
                "counted": points_text(counted),
            }
        )
    deductions = {code: value for code, value in taken.items() if value}
    score = max(Decimal(0), FULL_MARKS - sum(deductions.values(), Decimal(0)))
    vetoed = bool(vetoes)
    return ScoreResult(
        score=score,
        vetoed=vetoed,
        passed=not vetoed and score >= PASS_MARK,
        veto_indicators=sorted(vetoes),
        deductions={
            code: points_text(value) for code, value in sorted(deductions.items())
        },
        lines=lines,
    )
