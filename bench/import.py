"""Benchmark: import N generated documents, then render the column page.

    eval "$(bash scripts/services.sh env postgres)"   # DATABASE_URL → PostgreSQL
    .venv/bin/python bench/import.py [--count 20000] [--runs 15]

Targets (issue #9): ≥ 100 documents/s imported; the column page holding all of
them renders in < 200 ms (median of warm runs). Prints both figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from wagtail.models import Site  # noqa: E402

from disclosure_pages.models import (  # noqa: E402
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    Organization,
)

HOST = "bench.localhost"
GENRES = ["通知", "意见", "决定", "公告", "通告", "批复", "函"]
SUBJECTS = [
    "综合政务\\政务公开",
    "科技、教育\\教育",
    "卫生、体育\\卫生",
    "财政、金融、审计\\财政",
]


def generate(path: Path, count: int) -> None:
    rng = random.Random(9)
    with path.open("w", encoding="utf-8") as stream:
        for i in range(1, count + 1):
            year = 2010 + i % 15
            record = {
                "source_id": f"bench-{i}",
                "title": f"关于做好第{i}批政务公开重点工作的通知",
                "body_text": "\n".join(
                    f"第{n}条 各单位要按照要求认真做好政务公开工作，及时公开政策文件。"
                    for n in range(1, 12)
                ),
                "document_number": f"示政办发〔{year}〕{i}号",
                "written_date": (
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                ),
                "organization": "基准测试机构",
                "subject": rng.choice(SUBJECTS),
                "genre": rng.choice(GENRES),
                "validity": "有效" if i % 10 else "废止",
            }
            record["published_at"] = record["written_date"] + " 10:00"
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def prepare_site() -> None:
    from site_registry import lifecycle

    if Site.objects.filter(hostname=HOST).exists():
        raise SystemExit(
            f"{HOST} exists already: run the benchmark on a fresh database."
        )
    # Through the registry: it is the host list, so a bare Site would answer 400.
    profile = lifecycle.open_site(
        name="基准测试网站",
        level="department",
        organizer="基准测试机构",
        hostname=HOST,
        home_slug="bench-site",
        home_title="基准站点",
        code="3799000001",
    )
    catalog = DisclosureIndexPage.objects.child_of(profile.root_page).get(slug="xxgk")
    column = DisclosureColumnPage(title="政策文件", slug="zcwj", kind="policy")
    catalog.add_child(instance=column)
    column.save_revision().publish()
    Organization.objects.update_or_create(
        name="基准测试机构", defaults={"org_code": "MB0010006"}
    )


def time_page(client: Client, url: str, runs: int) -> tuple[float, int]:
    for _ in range(3):  # warm-up: template loading, caches, PostgreSQL buffers
        response = client.get(url, HTTP_HOST=HOST)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST=HOST)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to PostgreSQL (scripts/services.sh env postgres).")
        return 2
    call_command("migrate", verbosity=0)
    prepare_site()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        generate(path, args.count)
        start = time.perf_counter()
        out = io.StringIO()
        call_command(
            "import_documents", str(path), "--site", HOST, "--column", "zcwj",
            stdout=out,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
    print(out.getvalue().strip())
    imported = DisclosureDocumentPage.objects.filter(
        source_id__startswith="bench-"
    ).count()
    rate = imported / elapsed
    print(f"import: {imported} documents in {elapsed:.1f} s = {rate:.0f} documents/s")

    client = Client()
    with override_settings(ALLOWED_HOSTS=[HOST], DEBUG=False):
        column_ms, size = time_page(client, "/xxgk/zcwj/", args.runs)
        filtered_ms, _ = time_page(
            client,
            "/xxgk/zcwj/?year=2015&genre=notice&validity=valid&page=3",
            args.runs,
        )
        deep_ms, _ = time_page(client, f"/xxgk/zcwj/?page={imported // 20}", args.runs)
        catalog_ms, _ = time_page(client, "/xxgk/", args.runs)
    print(
        f"column page ({imported} documents): median {column_ms:.1f} ms ({size} bytes)"
    )
    print(f"column page, filtered, page 3: median {filtered_ms:.1f} ms")
    print(f"column page, last page: median {deep_ms:.1f} ms")
    print(f"catalog root with counts: median {catalog_ms:.1f} ms")
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
