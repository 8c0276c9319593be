"""Benchmark: the titles holding a query as a phrase (the database's answer
before the ranking, ``search.selectors.query.title_phrase_matches``) on a
large cluster.

    eval "$(bash scripts/services.sh env)"      # DATABASE_URL (PostgreSQL)
    export DATABASE_URL=…/govcluster_judged      # a migrated database with a site
    .venv/bin/python bench/title_phrase.py [--count 100000]

Inside one transaction, rolled back at the end, it adds ``--count`` search
entries whose titles are the judged set's titles (bench/judged/) with their
organs varied, then times, for the first 100 judged queries, the titles
holding the phrase as typed only (a plain case-insensitive ``LIKE``, the
tier before #20's fifth round) and the function as it is now (the phrase
as typed or spread, behind the ``LIKE`` of its characters in order).
Prints p50, p95 and the largest time of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from search import analysis  # noqa: E402
from search.models import EntryKind, SearchEntry  # noqa: E402
from search.requests import SearchRequest  # noqa: E402
from search.selectors import query  # noqa: E402
from site_registry.models import SiteProfile  # noqa: E402

JUDGED = ROOT / "bench" / "judged"
ORGANS = ["", "青禾市", "北山区", "南湖县人民政府办公室", "临江区发展和改革委员会"]


class Rollback(Exception):
    """Raised to leave the transaction without keeping the entries."""


def _titles() -> list[str]:
    lines = (JUDGED / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["title"] for line in lines if line.strip()]


def _queries() -> list[str]:
    lines = (JUDGED / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()][:100]


def _add_entries(count: int, profile: SiteProfile) -> None:
    # Entries of no page: the rule that an entry copies a page or a message
    # is lifted inside the transaction (PostgreSQL's DDL is rolled back too).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_searchentry"
            " DROP CONSTRAINT search_entry_page_or_message"
        )
    rng = random.Random(20)
    titles = _titles()
    batch = []
    for n in range(count):
        title = (rng.choice(ORGANS) + rng.choice(titles))[:255]
        batch.append(
            SearchEntry(
                profile=profile,
                hosting_profile=profile,
                kind=EntryKind.DOCUMENT,
                title=title,
                title_unmarked=analysis.unmarked(title)[:255],
                text=f"第{n}号",
                validity="valid",
            )  # fmt: skip
        )
        if len(batch) == 5_000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")


def _literal(entries, request):
    """The tier as it was: the phrase as typed, case-insensitively."""
    bare = analysis.unmarked(query.title_phrase(request.q))
    if len(bare) < 2:
        return []
    found = entries.filter(title_unmarked__icontains=bare).order_by("title")
    return list(found[: query.PRIORITY_LIMIT])


def _time(function, queries: list[str]) -> list[float]:
    entries = SearchEntry.objects.all()
    times = []
    for q in queries:
        started = time.perf_counter()
        function(entries, SearchRequest(q=q))
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def _report(label: str, times: list[float]) -> None:
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{label:<52} p50 {statistics.median(times):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {times[-1]:6.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL (DATABASE_URL).")
        return 2
    profile = SiteProfile.objects.order_by("pk").first()
    if profile is None:
        print("No site in this database: run bench/search.py --judged first.")
        return 2
    queries = _queries()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            _add_entries(args.count, profile)
            total = SearchEntry.objects.count()
            print(
                f"{args.count} entries added in {time.perf_counter() - started:.0f} s "
                f"({total} in all, {connection.vendor}); {len(queries)} queries"
            )
            for rounds in range(2):  # the second round with warm caches
                suffix = " (again)" if rounds else ""
                _report("phrase as typed (before)" + suffix, _time(_literal, queries))
                _report(
                    "title_phrase_matches (as typed or spread)" + suffix,
                    _time(query.title_phrase_matches, queries),
                )
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
