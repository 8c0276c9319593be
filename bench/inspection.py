"""Benchmark: a full inspection of 50 generated sites × 400 pages (#5).

    eval "$(bash scripts/services.sh env postgres)"   # DATABASE_URL → PostgreSQL
    .venv/bin/python bench/inspection.py [--sites 50] [--pages 400] [--concurrency 16]

Builds the sites in a separate, freshly created database (``<name>_inspbench``),
serves the external links from two local HTTP servers (one answers after a short
delay, one hangs to stand for a dead host), runs every inspection rule on every
site and prints the time, the findings by rule and the peak number of
concurrent external requests the servers saw. Target: < 10 minutes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

VALID_ID = "11010519491231002X"


def fresh_database(suffix: str = "_inspbench") -> None:
    """Point DATABASE_URL at a new database next to the configured one."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to PostgreSQL (scripts/services.sh env).")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))


class Gauge:
    """Concurrent requests across every local server."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active = self.peak = 0


GAUGE = Gauge()


class Server:
    """A local HTTP server counting concurrent requests; /missing* is 404."""

    def __init__(self, *, port: int = 0, delay: float = 0.0, hang: bool = False):
        outer = self
        self.lock = threading.Lock()
        self.requests = self.active = self.peak = 0
        self.release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                # Counted from the request's arrival until its answer is ready,
                # so a finished request is never counted with the next one.
                with outer.lock:
                    outer.requests += 1
                    outer.active += 1
                    outer.peak = max(outer.peak, outer.active)
                with GAUGE.lock:
                    GAUGE.active += 1
                    GAUGE.peak = max(GAUGE.peak, GAUGE.active)
                try:
                    if hang:
                        outer.release.wait(60)
                    time.sleep(delay)
                finally:
                    with GAUGE.lock:
                        GAUGE.active -= 1
                    with outer.lock:
                        outer.active -= 1
                code = 404 if self.path.startswith("/missing") else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD

        ThreadingHTTPServer.request_queue_size = 128  # a real server's backlog
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.release.set()
        self.httpd.shutdown()


def build(sites: int, pages: int, ext: Server, dead: Server) -> None:
    from django.utils import timezone
    from tqdm import tqdm
    from wagtail.models import Page

    from disclosure_pages.models import (
        DisclosureColumnPage,
        DisclosureDocumentPage,
        DisclosureIndexPage,
        Organization,
    )
    from site_registry import lifecycle

    organization, _created = Organization.objects.get_or_create(
        name="基准测试机构", defaults={"org_code": "MB0010006"}
    )
    now = timezone.now()
    per_column = (pages - 3) // 2  # home + catalog + columns count as pages
    with tqdm(total=sites * pages, desc="building pages", unit="page") as bar:
        for s in range(sites):
            profile = lifecycle.open_site(
                name=f"基准测试{s:02d}局网站",
                level="department",
                organizer=f"基准测试{s:02d}局",
                hostname=f"b{s}.bench.localhost",
                home_slug=f"b{s}",
                home_title=f"基准{s}",
                code=f"3799{s + 1:06d}",
            )
            catalog = DisclosureIndexPage.objects.child_of(profile.root_page).first()
            bar.update(2)
            for c, (slug, kind) in enumerate((("dt", "news"), ("zcwj", "policy"))):
                column = DisclosureColumnPage(title=f"栏目{slug}", slug=slug, kind=kind)
                catalog.add_child(instance=column)
                column.save_revision().publish()
                bar.update(1 if c == 0 else 0)
                for n in range(per_column):
                    serial = s * pages + c * per_column + n
                    links = [
                        f'<a href="/xxgk/{slug}/p{n - 1}/">上一篇</a>' if n else "",
                        f'<a href="{ext.base}/page/{serial * 7 % 3000}">参考</a>',
                        f'<a href="{ext.base}/page/{serial * 13 % 3000}">参考</a>',
                        f'<img src="{ext.base}/img/{serial % 500}.png" alt="">',
                    ]
                    if n % 50 == 7:
                        links.append(f'<a href="/xxgk/{slug}/nope{n}/">坏链</a>')
                    if n % 40 == 3:
                        links.append(f'<a href="{ext.base}/missing/{serial}">坏</a>')
                    if n % 200 == 11:
                        links.append(f'<a href="{dead.base}/x/{serial}">慢</a>')
                    text = "第一条 各单位要按照要求认真做好政务公开工作。" * 6
                    if n % 100 == 5:
                        text += f"联系人身份证号{VALID_ID}。"
                    page = DisclosureDocumentPage(
                        title=f"关于第{serial}项工作的通知",
                        slug=f"p{n}",
                        organization=organization,
                        body=f"<p>{text}</p><p>{''.join(links)}</p>",
                        live=True,
                        index_number=f"MB0010006/{2026}-{serial:05d}",
                    )
                    column.add_child(instance=page)
                    bar.update(1)
                # Publication times are set by publishing, never typed; the
                # generated items get theirs afterwards.
                Page.objects.child_of(column).update(
                    first_published_at=now - datetime.timedelta(days=1),
                    last_published_at=now,
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the sites built by a previous run (same ports); clear results",
    )
    args = parser.parse_args()
    if args.reuse:
        parts = urlsplit(os.environ["DATABASE_URL"])
        name = parts.path.lstrip("/") + "_inspbench"
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    else:
        fresh_database()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Building 20,000 pages is not what is measured: skip search indexing.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    settings.INSPECTION_LINK_CONCURRENCY = args.concurrency
    settings.INSPECTION_LINK_TIMEOUT = args.timeout
    settings.INSPECTION_LINK_HOST_DELAY = 0
    settings.INSPECTION_LINK_PER_HOST = args.concurrency  # one local host
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    # Fixed ports: the generated pages link to them, so --reuse works.
    ext = Server(port=18765, delay=0.01)
    dead = Server(port=18766, hang=True)
    try:
        if args.reuse:
            from inspection.models import Finding, InspectionRun, LinkCheckResult

            for model in (Finding, InspectionRun, LinkCheckResult):
                model.objects.all().delete()
        else:
            started = time.perf_counter()
            build(args.sites, args.pages, ext, dead)
            print(f"built {args.sites} sites in {time.perf_counter() - started:.0f} s")

        from wagtail.models import Page

        # The client's own count of requests in flight, from the checkers the
        # rules create.
        from inspection import linkcheck, services
        from inspection.models import Finding

        checkers = []
        original_init = linkcheck.LinkChecker.__init__

        def recording_init(self, **kwargs):
            original_init(self, **kwargs)
            checkers.append(self)

        linkcheck.LinkChecker.__init__ = recording_init
        total_pages = Page.objects.filter(depth__gt=1).count()
        started = time.perf_counter()
        run = services.run_inspection(progress=True)
        elapsed = time.perf_counter() - started
        by_rule = Counter(Finding.objects.values_list("rule", flat=True))
        print(
            f"full inspection: {run.steps_done} steps over {total_pages} pages "
            f"in {elapsed:.1f} s ({elapsed / 60:.1f} min)"
        )
        print(f"findings by rule: {dict(sorted(by_rule.items()))}")
        print(
            f"external requests: {ext.requests} to the live host, at most "
            f"{ext.peak} at once there (limit {args.concurrency}); "
            f"{dead.requests} to the hanging host (timeout {args.timeout} s), "
            f"whose connections stay open server-side after the client gives up "
            f"(both servers together: {GAUGE.peak})"
        )
        print(
            "client side: at most "
            f"{max(c.peak_in_flight for c in checkers)} requests in flight"
        )
        started = time.perf_counter()
        services.run_inspection(checks=["links"], progress=True)
        print(
            f"links rule again with the link cache warm: "
            f"{time.perf_counter() - started:.1f} s"
        )
        print(
            f"machine: {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PostgreSQL {connection.cursor().connection.info.server_version}"
        )
    finally:
        ext.stop()
        dead.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
