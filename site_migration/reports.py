"""A run's report as text lines (the command prints them; the admin shows them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.importfiles import RecordProblem
from site_migration.choices import RecordKind


def report_lines(report: dict) -> list[str]:
    """One line per kind (created / updated / failed), the run's messages, then
    every problem with its line and field."""
    lines = []
    kinds = report.get("kinds", [])
    for entry in kinds:
        lines.append(
            _("%(kind)s：新建 %(created)d，更新 %(updated)d，失败 %(failed)d。")
            % {
                "kind": RecordKind(entry["kind"]).label,
                "created": entry["created"],
                "updated": entry["updated"],
                "failed": entry["failed"],
            }
        )
    lines += [str(message) for message in report.get("messages", [])]
    for entry in kinds:
        for problem in entry["problems"]:
            label = RecordKind(entry["kind"]).label
            lines.append(f"[{label}] {RecordProblem(**problem)}")
    return lines
