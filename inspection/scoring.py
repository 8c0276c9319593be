"""The national scoring method (docs/domain.md d1).

A veto item makes the site 不合格 and nothing else counts. Otherwise deductions
are taken from 100, each indicator at most its own weight; below 60 is 不合格.
The per-indicator weights and per-finding points are not published [U]: the
defaults below split 100 over D1–D8 and are set in
``settings.INSPECTION_DEDUCTION_WEIGHTS`` / ``INSPECTION_POINTS_PER_FINDING``.
Bonus items (portals at ≥80) need a human judgement and are not scored here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from inspection.choices import Indicator, Severity

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
DEFAULT_POINTS = Decimal("1")
# Broken links on the home page weigh double (D1).
HOME_PAGE_FACTOR = 2


@dataclass
class ScoreResult:
    score: Decimal
    vetoed: bool
    passed: bool
    veto_indicators: list[str] = field(default_factory=list)
    deductions: dict[str, str] = field(default_factory=dict)


def weights() -> dict[str, int]:
    return {**DEFAULT_WEIGHTS, **getattr(settings, "INSPECTION_DEDUCTION_WEIGHTS", {})}


def score_findings(findings, *, home_page_id: int | None = None) -> ScoreResult:
    """Score a site from its active findings (indicator, severity, page_id)."""
    points = Decimal(
        str(getattr(settings, "INSPECTION_POINTS_PER_FINDING", DEFAULT_POINTS))
    )
    caps = weights()
    vetoes: set[str] = set()
    raw: dict[str, Decimal] = {}
    for finding in findings:
        if finding.severity == Severity.VETO:
            vetoes.add(finding.indicator)
        elif finding.severity == Severity.DEDUCTION:
            value = points
            if finding.indicator == Indicator.D1 and finding.page_id == home_page_id:
                value *= HOME_PAGE_FACTOR
            raw[finding.indicator] = raw.get(finding.indicator, Decimal(0)) + value
    deductions = {
        code: min(Decimal(caps.get(code, 0)), value) for code, value in raw.items()
    }
    score = max(Decimal(0), FULL_MARKS - sum(deductions.values(), Decimal(0)))
    vetoed = bool(vetoes)
    return ScoreResult(
        score=score,
        vetoed=vetoed,
        passed=not vetoed and score >= PASS_MARK,
        veto_indicators=sorted(vetoes),
        deductions={code: str(value) for code, value in sorted(deductions.items())},
    )
