"""Benchmark: the public message listing and the V5 overdue check (#16).

    eval "$(bash scripts/services.sh env postgres)"   # DATABASE_URL → PostgreSQL
    .venv/bin/python bench/interaction.py [--messages 100000] [--runs 20]

In a freshly created database (``<name>_interbench``) it loads the demo
cluster, writes ``--messages`` messages on one channel of the city portal
(bulk_create), 1,000 on a second channel, and a fifth as many again across
the other sites' channels, then prints:

(a) page 1 of each channel's listing rendered through the test client on the
    portal's host: median of ``--runs`` warm runs and the number of queries
    (the same for 1,000 and 100,000 messages). Target: < 200 ms.
    Also: the cold COUNT behind the page total, a search (``q``) in the big
    channel, a deep page, and the statistics page;
(b) the V5 overdue computation over the whole cluster
    (interaction.selectors.v5.overdue_v5_messages), median of 5. Target: < 2 s.

bench/interaction_import.py measures ``import_messages`` and the two
interaction inspection rules over 20 sites.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

HOST = "www.localhost"


def fresh_database() -> None:
    from bench.inspection import fresh_database as create

    create(suffix="_interbench")


def write_messages(channel, count: int, prefix: str, *, start: datetime.datetime):
    """``count`` messages, one every 7 minutes back from ``start``: 80 %
    answered and published, 10 % answered privately, 10 % still open (a
    third of those overdue for V5)."""
    from interaction.choices import MessageStatus
    from interaction.models import Message

    rows = []
    for i in range(count):
        received = start - datetime.timedelta(minutes=7 * i)
        answered = i % 10 < 9
        rows.append(
            Message(
                site_id=channel.site_id,
                channel=channel,
                title=f"关于第{i}号事项的咨询",
                content=f"请问第{i}号事项如何办理？需要准备哪些材料？" * 3,
                contact_name="张三",
                contact_phone="13812345678",
                query_code=f"{prefix}{i:09d}",
                status=MessageStatus.ANSWERED if answered else MessageStatus.ASSIGNED,
                received_at=received,
                due_date=(received + datetime.timedelta(days=14)).date(),
                answer="您好，该事项可在政务服务中心办理。" * 4 if answered else "",
                answered_at=received + datetime.timedelta(days=3) if answered else None,
                answer_department="示范市政务服务管理局",
                is_published=i % 10 < 8,
            )
        )
    Message.objects.bulk_create(rows, batch_size=5000)


def timed_get(client, path, runs, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, params, HTTP_HOST=HOST)  # warm
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path, params, HTTP_HOST=HOST)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, params, HTTP_HOST=HOST)
    return statistics.median(times), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    fresh_database()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    call_command("migrate", verbosity=0)

    from demo.services import load_demo_cluster
    from interaction.choices import ChannelKind
    from interaction.models import Channel, Message
    from interaction.selectors import public
    from interaction.selectors import statistics as statistics_selector
    from site_registry.models import SiteProfile

    load_demo_cluster(port=80, public_content=False)
    portal = SiteProfile.objects.get(site__hostname=HOST)
    big = Channel.objects.get(site=portal, slug="zxzx")  # the site's default
    small = Channel.objects.create(
        site=portal, kind=ChannelKind.SUGGESTION, name="建议", slug="jy"
    )
    now = timezone.now()
    started = time.perf_counter()
    write_messages(big, args.messages, "B", start=now)
    write_messages(small, 1000, "S", start=now)
    others = list(SiteProfile.objects.exclude(pk=portal.pk).filter(site__isnull=False))
    per_site = args.messages // 5 // max(1, len(others))
    for n, site in enumerate(others):
        channel = Channel.objects.get(site=site, slug="zxzx")
        write_messages(channel, per_site, f"O{n:02d}", start=now)
    total = Message.objects.count()
    print(f"wrote {total} messages in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE interaction_message")

    print(f"\n{platform.processor() or platform.machine()}, PostgreSQL, "
          f"median of {args.runs} warm runs")  # fmt: skip
    client = Client()
    print("\n(a) channel listing, page 1 (target < 200 ms, constant queries)")
    for channel, label in ((small, "1,000"), (big, f"{args.messages:,}")):
        ms, queries = timed_get(client, f"/interaction/{channel.slug}/", args.runs)
        print(f"  {label:>9} messages: {ms:7.1f} ms  {queries} queries")
    public.forget_count(big.pk)
    started = time.perf_counter()
    count = public.public_messages(big).count()
    print(f"  cold COUNT of {count:,} published rows: "
          f"{(time.perf_counter() - started) * 1000:.1f} ms (then cached)")  # fmt: skip
    ms, queries = timed_get(client, "/interaction/zxzx/", args.runs, q="第4242号")
    print(f"  search q in the {args.messages:,}-message channel: {ms:.1f} ms, "
          f"{queries} queries")  # fmt: skip
    last = (count + public.PAGE_SIZE - 1) // public.PAGE_SIZE
    ms, queries = timed_get(client, "/interaction/zxzx/", 5, page=last)
    print(f"  last page ({last}): {ms:.1f} ms")
    on_portal = Message.objects.filter(site=portal).count()
    started = time.perf_counter()
    statistics_selector.yearly_statistics(portal)
    print(f"  statistics of {on_portal:,} messages on the portal: "
          f"{(time.perf_counter() - started) * 1000:.1f} ms uncached")  # fmt: skip
    ms, queries = timed_get(client, "/interaction/statistics/", 5)
    print(f"  statistics page (cached): {ms:.1f} ms, {queries} queries")

    print("\n(b) V5 overdue over the whole cluster (target < 2 s)")
    run_v5(total)
    return 0


def run_v5(total: int) -> None:
    from django.utils import timezone

    from interaction.selectors.v5 import overdue_v5_messages

    times = []
    for _ in range(5):
        started = time.perf_counter()
        result = overdue_v5_messages(as_of=timezone.now())
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"  overdue_v5_messages over {total:,} messages: "
        f"{median:.2f} s median of 5 ({len(result)} overdue)"
    )


if __name__ == "__main__":
    sys.exit(main())
