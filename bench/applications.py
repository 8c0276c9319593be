"""Benchmark: due-soon/overdue lists and Table 三 over 50,000 applications (#18).

    eval "$(bash scripts/services.sh env postgres)"   # DATABASE_URL → PostgreSQL
    .venv/bin/python bench/applications.py [--applications 50000] [--organs 40] \
        [--runs 20]

In a freshly created database (``<name>_appsbench``) it opens one city portal,
gives it ``--organs`` organs with a disclosure office each, writes
``--applications`` applications spread over them and over three years
(bulk_create; 85 % closed, the rest open in every state, a share of them due
soon or overdue), then prints the median of ``--runs`` warm runs of:

(a) the due-soon and the overdue list, first page, as the admin view runs them
    (applications the office may read, COUNT for the pager, 50 rows) for the
    whole office and for one organ. Target: < 200 ms;
(b) Table 三 for the government with its ``--organs`` organs (the scope is
    resolved from the site hierarchy as the statistics screen does), and
    Table 四. Target: < 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def fresh_database() -> None:
    from bench.inspection import fresh_database as create

    create(suffix="_appsbench")


def timed(function, runs: int) -> float:
    function()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def write_applications(organizations, count: int, today: datetime.date) -> None:
    from applications.choices import (
        CLOSED_STATUSES,
        OUTCOMES_BY_REPLY,
        ApplicantType,
        ReplyType,
        Status,
    )
    from applications.models import Application

    rng = random.Random(18)
    open_statuses = [s for s in Status if s not in CLOSED_STATUSES]
    start = datetime.datetime.combine(today, datetime.time(10), datetime.UTC)
    rows = []
    for i in range(count):
        received = today - datetime.timedelta(days=rng.randrange(3 * 365))
        status = rng.choice(open_statuses) if rng.random() < 0.15 else None
        values = {}
        if status is None:
            reply = rng.choice(ReplyType.values)
            status = Status.ANSWERED
            values = {
                "reply_type": reply,
                "outcome": rng.choice(OUTCOMES_BY_REPLY[reply]),
                "closed_on": min(
                    received + datetime.timedelta(days=rng.randrange(40)), today
                ),
            }
        elif rng.random() < 0.5:
            # Most open ones are recent: some due soon, some overdue.
            received = today - datetime.timedelta(days=rng.randrange(40))
        if status == Status.AWAITING_CORRECTION:
            values["correction_due"] = received + datetime.timedelta(days=20)
        rows.append(
            Application(
                organization=organizations[i % len(organizations)],
                registration_number=f"B{i:09d}",
                query_code=f"BQ{i:010d}",
                channel="in_person",
                applicant_type=rng.choice(ApplicantType.values),
                name="张三",
                phone="13812345678",
                info_title=f"关于第{i}号事项的信息",
                info_description="请公开该事项的相关文件。",
                delivery_form="paper",
                delivery_channel="post",
                submitted_at=start - datetime.timedelta(days=(today - received).days),
                received_on=received,
                due_date=received + datetime.timedelta(days=28),
                status=status,
                **values,
            )
        )
    Application.objects.bulk_create(rows, batch_size=5000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--organs", type=int, default=40)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    fresh_database()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.utils import timezone

    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    call_command("migrate", verbosity=0)

    from applications.models import Application, DisclosureOffice
    from applications.selectors import access, deadlines, scopes
    from applications.selectors.statistics import table_four, table_three
    from core.roles import OFFICE_GROUP
    from disclosure_pages.models import Organization
    from site_registry import lifecycle

    portal = lifecycle.open_site(
        name="示范市人民政府门户网站",
        level="city_portal",
        hostname="www.localhost",
        home_slug="www",
        home_title="首页",
        code="3700000001",
        organizer="示范市人民政府办公室",
    )
    organizations = []
    for n in range(args.organs):
        organization = Organization.objects.create(name=f"示范市第{n}机关")
        DisclosureOffice.objects.create(
            organization=organization,
            site=portal,
            name=f"{organization.name}办公室",
            address="人民路1号",
            phone="0531-1",
        )
        organizations.append(organization)
    user = django.contrib.auth.get_user_model().objects.create_user("office")
    user.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    today = timezone.localdate()
    started = time.perf_counter()
    write_applications(organizations, args.applications, today)
    print(
        f"wrote {Application.objects.count()} applications over {args.organs} "
        f"organs in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE applications_application")

    def first_page(kind, organization_id=None):
        def run():
            visible = access.applications_for_user(user)
            if organization_id:
                visible = visible.filter(organization_id=organization_id)
            if kind == "overdue":
                rows = deadlines.overdue(visible, today=today)
            else:
                rows = deadlines.due_soon(visible, today=today)
            page = Paginator(rows, 50).get_page(1)
            return len(list(page)), page.paginator.count

        return run

    print(
        f"\n{platform.processor() or platform.machine()}, PostgreSQL, "
        f"median of {args.runs} warm runs"
    )
    print("\n(a) deadline lists, first page (target < 200 ms)")
    one = organizations[0].pk
    for kind in ("due_soon", "overdue"):
        for label, organ in (("office", None), ("one organ", one)):
            run = first_page(kind, organ)
            shown, total = run()
            ms = timed(run, args.runs)
            print(f"  {kind:8} {label:9}: {ms:7.1f} ms  ({shown} shown of {total})")

    print(f"\n(b) Table 三 for the government with {args.organs} organs (target < 2 s)")

    def three():
        scope = scopes.scope_for_user(user, f"gov:{portal.pk}")
        if len(scope.organization_ids) != args.organs:
            raise SystemExit("the government's scope misses organs")
        table = table_three(
            organization_ids=scope.organization_ids, year=today.year - 1
        )
        if not table.balanced:
            raise SystemExit("Table 三 does not balance")
        return table

    table = three()
    ms = timed(three, args.runs)
    print(
        f"  Table 三 {today.year - 1}: {ms:7.1f} ms  "
        f"(新收 {table.count('new')}, 结转下年度 {table.count('carried_forward')})"
    )
    ids = [o.pk for o in organizations]
    ms = timed(lambda: table_four(organization_ids=ids, year=today.year - 1), args.runs)
    print(f"  Table 四 {today.year - 1}: {ms:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
