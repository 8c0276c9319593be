"""The registry of inspection rules, by name.

Rules are listed by dotted path in ``settings.INSPECTION_RULES`` (pluggable:
a project adds or removes a rule there). Apart from ``inspection.rules`` so the
models (a finding's 检查项 label, a run's size) can read it: the rules read the
models.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from inspection.rules.base import Rule

DEFAULT_RULES = [
    "inspection.rules.reachability.ReachabilityRule",
    "inspection.rules.freshness.HomeFreshnessRule",
    "inspection.rules.freshness.ColumnFreshnessRule",
    "inspection.rules.content.ContentRule",
    "inspection.rules.links.LinkRule",
    "inspection.rules.disclosure.ExpiredStillValidRule",
    "inspection.rules.disclosure.MissingInterpretationRule",
    "inspection.rules.disclosure.OverdueRepostRule",
    "inspection.rules.deadlines.LatePublicationRule",
    "inspection.rules.footer.FooterIdentityRule",
    "inspection.rules.catalog.DisclosureCatalogRule",
    "inspection.rules.catalog.BasicInformationRule",
    "inspection.rules.interaction.InteractionResponseRule",
    "inspection.rules.interaction.InteractionQualityRule",
    "inspection.rules.services.ServiceGuideRule",
]


@cache
def _registry(paths: tuple[str, ...]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for path in paths:
        rule = import_string(path)()
        if rule.name in rules:
            raise ValueError(f"duplicate inspection rule name {rule.name!r}")
        rules[rule.name] = rule
    return rules


def all_rules() -> dict[str, Rule]:
    return _registry(tuple(getattr(settings, "INSPECTION_RULES", DEFAULT_RULES)))


def get_rule(name: str) -> Rule:
    return all_rules()[name]
