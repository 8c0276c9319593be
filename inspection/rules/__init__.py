"""The inspection rules: each module holds one rule; the registry of them by
name is ``inspection.registry`` (re-exported here)."""

from __future__ import annotations

from inspection.registry import DEFAULT_RULES, all_rules, get_rule
from inspection.rules.base import FoundProblem, InspectionContext, Rule

__all__ = [
    "DEFAULT_RULES",
    "FoundProblem",
    "InspectionContext",
    "Rule",
    "all_rules",
    "get_rule",
]
