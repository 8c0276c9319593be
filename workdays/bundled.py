"""The State Council schedules shipped with the platform (data/*.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cn_holidays_2025_2026.json"


def bundled_days() -> list[dict]:
    """Rows ``{date, kind, name, source}`` of the shipped schedules."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["days"]


def restore_bundled_days() -> int:
    """Write the shipped schedules again (as migration 0002 did): for a
    database emptied by a flush, e.g. after a transactional test."""
    from workdays.models import CalendarDay

    rows = bundled_days()
    for row in rows:
        CalendarDay.objects.update_or_create(
            date=date.fromisoformat(row["date"]),
            defaults={
                "kind": row["kind"],
                "name": row["name"],
                "source": row["source"],
            },
        )
    return len(rows)
