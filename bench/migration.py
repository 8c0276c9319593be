"""Benchmark: a site-migration package of N mixed records (issue #19).

    eval "$(bash scripts/services.sh env)"   # PostgreSQL + S3
    .venv/bin/python bench/migration.py [--count 50000] [--attachments 0.1]
    .venv/bin/python bench/migration.py --documents-only [--attachments 0]

Generates a package (manifest.json, columns.jsonl, documents.jsonl, news.jsonl,
notices.jsonl, interpretations.jsonl, files/) in a temporary directory, opens
a fresh site and imports it with ``manage.py import_site`` against the
configured database and storage. ``--documents-only`` generates documents
alone (each naming its column) and imports them with ``import_documents``.
Target: >= 100 records/s with 10 % of the records carrying an attachment.
Prints records/s per kind and overall. Run it on a fresh database.
``--queued-search`` queues the citizens'-search sync for a worker instead of
running it inline (Django's default ImmediateBackend), which is most of the
import's time (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from wagtail.models import Site  # noqa: E402

from disclosure_pages.models import (  # noqa: E402
    DisclosureColumnPage,
    DisclosureIndexPage,
    Organization,
)

HOST = "migration-bench.localhost"
SITE_SLUG = "migration-bench"
ORG = "迁移测试机构"
# Kind → share of the records (documents take the rest).
MIX = {"news": 0.25, "notices": 0.15, "interpretations": 0.10}
GENRES = ["通知", "意见", "办法", "规定", "实施意见", "决定", "函", "呈文"]
SUBJECTS = ["综合政务\\政务公开", "环境保护", "卫生、体育\\卫生", "老分类"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx(n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{n}</w:document>")
    return buffer.getvalue()


def _attachment(files: Path, n: int) -> str:
    """A small file, PDF or Word in turn; its path inside the package."""
    if n % 2:
        name, content = f"a{n}.pdf", PDF + f"% {n}\n".encode()
    else:
        name, content = f"a{n}.docx", _docx(n)
    (files / name).write_bytes(content)
    return f"files/{name}"


def _body(n: int) -> str:
    return "\n".join(
        f"第{k}条 各单位要按照要求认真做好第{n}项工作，及时公开有关信息。"
        for k in range(1, 9)
    )


def _date(rng: random.Random, n: int) -> str:
    year = 2012 + n % 12
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def document(rng, n: int, column: str) -> dict:
    written = _date(rng, n)
    return {
        "source_id": f"doc-{n}",
        "old_url": f"/art/{written[:4]}/{n}.html",
        "column": column,
        "title": f"关于做好第{n}项政务公开重点工作的通知",
        "body_text": _body(n),
        "document_number": f"迁政发〔{written[:4]}〕{n}号",
        "written_date": written,
        "published_at": written + " 10:00",
        "organization": ORG,
        "genre": rng.choice(GENRES),
        "subject": rng.choice(SUBJECTS),
    }


def generate(
    root: Path, count: int, *, attachments: float, documents_only: bool
) -> dict[str, int]:
    """Write the package; returns the number of records per kind."""
    rng = random.Random(19)
    files = root / "files"
    files.mkdir(parents=True)
    shares = {} if documents_only else MIX
    counts = {kind: int(count * share) for kind, share in shares.items()}
    counts["documents"] = count - sum(counts.values())
    every = round(1 / attachments) if attachments else 0
    streams = {kind: (root / f"{kind}.jsonl").open("w") for kind in counts}
    n = 0
    try:
        for kind, total in counts.items():
            for i in range(1, total + 1):
                n += 1
                with_file = every and n % every == 0
                if kind == "documents":
                    column = "xxgk/zcwj" if documents_only else "c-docs"
                    record = document(rng, i, column)
                    if with_file:
                        record["attachments"] = [_attachment(files, n)]
                elif kind == "news":
                    record = {
                        "source_id": f"news-{i}",
                        "old_url": f"/news/{i}.html",
                        "column": "c-news",
                        "title": f"我市召开第{i}次政务公开工作推进会",
                        "body_text": _body(i),
                        "source": ORG,
                        "published_at": _date(rng, i) + " 09:00",
                    }
                elif kind == "notices":
                    record = {
                        "source_id": f"notice-{i}",
                        "old_url": f"/tzgg/{i}.html",
                        "column": "c-notices",
                        "title": f"关于第{i}批事项的公告",
                        "body_text": _body(i),
                        "issuer": ORG,
                        "published_at": _date(rng, i) + " 15:00",
                    }
                    if with_file:
                        record["attachments"] = [_attachment(files, n)]
                else:
                    record = {
                        "source_id": f"jd-{i}",
                        "old_url": f"/jd/{i}.html",
                        "column": "c-jd",
                        "title": f"《关于做好第{i}项政务公开重点工作的通知》解读",
                        "body_text": _body(i),
                        "published_at": _date(rng, i) + " 11:00",
                    }
                streams[kind].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for stream in streams.values():
            stream.close()
    if not documents_only:
        columns = [
            ("c-docs", "迁移文件", "qywj", "policy"),
            ("c-news", "迁移新闻", "qyxw", "news"),
            ("c-notices", "迁移公告", "qygg", "notice"),
            ("c-jd", "迁移解读", "qyjd", "interpretation"),
        ]
        with (root / "columns.jsonl").open("w") as stream:
            for source_id, title, slug, kind in columns:
                record = {"source_id": source_id, "title": title, "slug": slug}
                record["kind"] = kind
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        counts = {"columns": len(columns), **counts}
    manifest = {
        "format": "govcluster-site-migration",
        "version": 1,
        "site": {"name": "迁移测试旧网站", "old_domains": ["www.old-bench.gov.cn"]},
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    return counts


def prepare_site() -> None:
    from site_registry import lifecycle

    if Site.objects.filter(hostname=HOST).exists():
        raise SystemExit(
            f"{HOST} exists already: run the benchmark on a fresh database."
        )
    profile = lifecycle.open_site(
        name="迁移基准测试网站",
        level="department",
        organizer=ORG,
        hostname=HOST,
        home_slug=SITE_SLUG,
        home_title="迁移基准站点",
        code="3799000019",
    )
    catalog = DisclosureIndexPage.objects.child_of(profile.root_page).first()
    if catalog is None:
        catalog = DisclosureIndexPage(title="政府信息公开", slug="xxgk")
        profile.root_page.add_child(instance=catalog)
        catalog.save_revision().publish()
    if not DisclosureColumnPage.objects.child_of(catalog).filter(slug="zcwj").exists():
        column = DisclosureColumnPage(title="政策文件", slug="zcwj", kind="policy")
        catalog.add_child(instance=column)
        column.save_revision().publish()
    Organization.objects.update_or_create(name=ORG, defaults={"org_code": "MB0010006"})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--attachments", type=float, default=0.1)
    parser.add_argument("--documents-only", action="store_true")
    parser.add_argument(
        "--queued-search",
        action="store_true",
        help="Queue the citizens'-search sync for a worker (a task backend that "
        "stores tasks) instead of running it inline, as the default backend does.",
    )
    args = parser.parse_args()
    if args.queued_search:
        from django.test.utils import override_settings

        backend = "django_tasks.backends.dummy.DummyBackend"
        # django_tasks re-reads TASKS on setting_changed.
        override_settings(TASKS={"default": {"BACKEND": backend}}).enable()
        print("citizens' search sync: queued for a worker (not measured)")
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to PostgreSQL (scripts/services.sh env).")
        return 2
    documents_only = args.documents_only or "import_site" not in get_commands()
    if documents_only and not args.documents_only:
        print("import_site is not on this branch: measuring the documents alone.")
    call_command("migrate", verbosity=0)
    prepare_site()
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "package"
        counts = generate(
            package,
            args.count,
            attachments=args.attachments,
            documents_only=documents_only,
        )
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        if documents_only:
            call_command(
                "import_documents", str(package / "documents.jsonl"),
                "--site", HOST, "--no-progress", stdout=out, stderr=err,
            )  # fmt: skip
        else:
            call_command(
                "import_site", str(package), "--site", HOST, "--no-progress",
                stdout=out, stderr=err,
            )  # fmt: skip
        elapsed = time.perf_counter() - start
    print(out.getvalue().strip()[-2000:])
    errors = [line for line in err.getvalue().splitlines() if "（提示）" not in line]
    if errors:
        print("\n".join(errors[:20]))
    total = sum(counts.values())
    print(f"records: {counts}")
    if not documents_only:
        _print_per_kind()
    with_files = int(args.attachments and total * args.attachments)
    print(
        f"overall: {total} records ({with_files} with an attachment) in "
        f"{elapsed:.1f} s = {total / elapsed:.0f} records/s"
    )
    failed = _failed(documents_only, err.getvalue())
    storage = settings.STORAGES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"storage {storage}"
    )
    if failed:
        # A rate over records that were refused measures nothing.
        print(f"FAILED: {failed} records were not imported")
        return 1
    return 0


def _failed(documents_only: bool, stderr: str) -> int:
    if documents_only:
        return sum(1 for line in stderr.splitlines() if "（错误）" in line)
    from site_migration.models import MigrationRun

    run = MigrationRun.objects.order_by("-pk").first()
    return sum(kind.get("failed", 0) for kind in run.report.get("kinds", []))


def _print_per_kind() -> None:
    """Records/s per kind from the run's report (import_site keeps timings
    there when it records them; otherwise the counts alone)."""
    from site_migration.models import MigrationRun

    run = MigrationRun.objects.order_by("-pk").first()
    if run is None:
        return
    for kind in run.report.get("kinds", []):
        seconds = kind.get("seconds")
        done = kind.get("created", 0) + kind.get("updated", 0)
        rate = f" = {done / seconds:.0f} records/s" if seconds else ""
        print(
            f"{kind['kind']}: created {kind.get('created')}, updated "
            f"{kind.get('updated')}, failed {kind.get('failed')}"
            + (f" in {seconds:.1f} s{rate}" if seconds else "")
        )


if __name__ == "__main__":
    raise SystemExit(main())
