"""Benchmark: repost one document to 200 sites; repost page vs source page render.

    eval "$(bash scripts/services.sh env postgres)"   # PostgreSQL server
    .venv/bin/python bench/repost.py [--sites 200] [--runs 3] [--renders 30]

Creates a throw-away database ``<name>_bench_repost`` on the server named by
DATABASE_URL (dropped first), opens a city portal and N department sites through
the site registry, each with a 政策文件 column, then:

- reposts a document of the city portal into all N sites (plan + create, as the
  admin form does), ``--runs`` times with a new document each time (target < 5 s);
- renders the source page and one of its reposts through Django's test client
  (median of ``--renders`` warm requests each; target: repost within 20%).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def _fresh_database() -> None:
    import dj_database_url
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (scripts/services.sh env).")
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_bench_repost"
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"],
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--renders", type=int, default=30)
    args = parser.parse_args()
    _fresh_database()
    os.environ.pop("SEARCH_URL", None)  # the database backend: no network in timings

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from tqdm import tqdm

    from disclosure_pages.models import DisclosureColumnPage
    from reposting import selectors, services
    from site_registry import lifecycle as registry
    from site_registry import roles as registry_roles
    from tests.factories.disclosure import make_document, make_organization

    print("Migrating a fresh database …", flush=True)
    call_command("migrate", verbosity=0)
    registry_roles.ensure_cluster_roles()

    def column_for(profile):
        catalog = profile.root_page.get_children().get(slug="xxgk")
        column = DisclosureColumnPage(title="政策文件", slug="zcwj", kind="policy")
        catalog.add_child(instance=column)
        column.save_revision().publish()
        return column

    city = registry.open_site(
        name="基准市人民政府门户网站",
        level="city_portal",
        hostname="www.bench.localhost",
        code="3799000001",
        organizer="基准市人民政府办公室",
    )
    city_column = column_for(city)
    for n in tqdm(range(args.sites), desc="opening sites", unit="site"):
        profile = registry.open_site(
            name=f"基准市第{n + 1}局网站",
            level="department",
            parent=city,
            hostname=f"d{n + 1}.bench.localhost",
            code=f"3799{n + 2:06d}",
            organizer=f"基准市第{n + 1}局",
        )
        column_for(profile)
    office = User.objects.create_superuser("bench", "bench@example.gov.cn", "x")
    organization = make_organization("基准市人民政府办公室")
    body = "".join(
        f"<p>第{n}条 各单位要按照要求认真做好政务公开工作，及时转载上级政策文件。</p>"
        for n in range(1, 40)
    )

    timings = []
    source = None
    for run in range(args.runs):
        source = make_document(
            city_column,
            organization=organization,
            title=f"基准市人民政府关于做好政务公开工作的通知（{run + 1}）",
            document_number=f"基政发〔2026〕{run + 1}号",
            body=body,
        )
        started = time.perf_counter()
        profiles = selectors.resolve_sites(parent=city)
        plan = services.plan_reposts(
            source=source, profiles=profiles, user=office, kind="policy"
        )
        created = services.repost_document(source=source, plan=plan, user=office)
        timings.append(time.perf_counter() - started)
        if len(created) != args.sites:
            sys.exit(f"expected {args.sites} reposts, got {len(created)}")

    repost = selectors.live_reposts().filter(source=source).first()
    client = Client()

    def render(page) -> float:
        _site, root, path = page.get_url_parts()
        host = urlsplit(root).netloc
        samples = []
        for i in range(args.renders + 3):
            started = time.perf_counter()
            response = client.get(path, HTTP_HOST=host)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
            if i >= 3:
                samples.append(elapsed)
        return statistics.median(samples)

    with override_settings(DEBUG=False):
        source_ms = render(source) * 1000
        repost_ms = render(repost) * 1000

    print()
    print(f"Repost to {args.sites} sites (plan + create), {args.runs} runs:")
    print("  " + ", ".join(f"{t:.2f} s" for t in timings))
    print(f"  median {statistics.median(timings):.2f} s (target < 5 s)")
    print(f"Render, median of {args.renders} warm requests:")
    print(f"  source page {source_ms:.1f} ms, repost page {repost_ms:.1f} ms")
    print(f"  repost / source = {repost_ms / source_ms:.2f} (target ≤ 1.20)")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs"
    print(f"Python {platform.python_version()}, {machine}")


if __name__ == "__main__":
    main()
