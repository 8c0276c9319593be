"""Benchmark: import 100,000 historical messages, then check V5 and D5 (#16).

    eval "$(bash scripts/services.sh env postgres)"   # DATABASE_URL → PostgreSQL
    .venv/bin/python bench/interaction_import.py [--sites 20] [--messages 100000]

Builds the sites in a separate, freshly created database (``<name>_v5bench``),
writes one JSON Lines file per site with messages spread over the last 18
months (some answered late, some never), imports them with ``import_messages``
and runs the two interaction rules over every site, printing the times, the
number of queries of the V5 selector and its query plan.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from bench.inspection import fresh_database  # noqa: E402


def records(count: int, *, now: datetime.datetime, rng: random.Random):
    for n in range(count):
        received = now - datetime.timedelta(minutes=rng.randrange(1, 550 * 24 * 60))
        record = {
            "source_id": f"M{n:07d}",
            "title": f"基准留言{n}",
            "content": "留言内容" * 20,
            "received_at": received.isoformat(),
        }
        roll = rng.random()
        if roll < 0.9:  # answered, one in thirty late
            late = rng.random() < 1 / 30
            delay = datetime.timedelta(days=rng.randrange(95, 200) if late else 5)
            answered = received + delay
            if answered < now:
                record |= {
                    "answered_at": answered.isoformat(),
                    "answer": "答复内容",
                    "answer_department": "基准测试局",
                    "status": "已答复",
                    "published": True,
                }
        yield record


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    fresh_database("_v5bench")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from inspection.rules import get_rule
    from inspection.rules.base import InspectionContext
    from inspection.rules.interaction import as_of_moment
    from interaction.selectors.v5 import overdue_v5_messages
    from site_registry import lifecycle

    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    rng = random.Random(16)
    now = timezone.now()
    per_site = args.messages // args.sites
    profiles = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for s in range(args.sites):
            profile = lifecycle.open_site(
                name=f"基准互动{s:02d}局网站",
                level="department",
                organizer=f"基准互动{s:02d}局",
                hostname=f"i{s}.bench.localhost",
                home_slug=f"i{s}",
                home_title=f"互动{s}",
                code=f"3798{s + 1:06d}",
            )
            path = Path(tmp) / f"site{s}.jsonl"
            with path.open("w", encoding="utf-8") as stream:
                for record in records(per_site, now=now, rng=rng):
                    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            profiles.append(profile)
        print(f"built {args.sites} sites in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        for s, profile in enumerate(profiles):
            call_command(
                "import_messages",
                str(Path(tmp) / f"site{s}.jsonl"),
                "--site",
                profile.code,
                "--channel",
                "zxzx",
                "--no-progress",
            )
    print(
        f"imported {per_site * args.sites} messages in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE interaction_message")
    today = timezone.localdate()
    as_of = as_of_moment(today)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        overdue = overdue_v5_messages(as_of=as_of)
        elapsed = time.perf_counter() - started
    print(
        f"V5 selector: {len(overdue)} overdue messages in {elapsed * 1000:.0f} ms, "
        f"{len(queries)} query"
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + queries[0]["sql"])
        print("\n".join(row[0] for row in cursor.fetchall()))
    context = InspectionContext(today)
    for name in ("interaction_response", "interaction_quality"):
        rule = get_rule(name)
        started = time.perf_counter()
        found = sum(
            len(list(rule.check(site=profile, context=context))) for profile in profiles
        )
        print(
            f"{name}: {found} findings on {len(profiles)} sites in "
            f"{time.perf_counter() - started:.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
