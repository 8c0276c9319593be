"""The State Council schedules shipped with the platform (data/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cn_holidays_2025_2026.json"


def bundled_days() -> list[dict]:
    """Rows ``{date, kind, name, source}`` of the shipped schedules."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["days"]
