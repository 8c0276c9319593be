"""Benchmark: search quality (nDCG@10, MRR) and speed on both engines.

    export PG_PORT=… OPENSEARCH_PORT=…; bash scripts/services.sh start
    eval "$(bash scripts/services.sh env)"     # DATABASE_URL + SEARCH_URL
    .venv/bin/python bench/search.py [--count 100000] [--sites 50] [--requests 400]

On a fresh database it loads the demo cluster, adds ``--sites`` sub-sites with
``--count`` generated documents between them (plain pages written in bulk, then
their search entries), plants the judged documents of the query set below, and
indexes the entries in bulk into OpenSearch and into the database backend
(PostgreSQL), timing each. Then, for each engine:

- runs the judged query set (text, multi-word, synonym and document-number
  queries, each with its relevant documents) and prints nDCG@10 and MRR;
- sends a mix of one-word, multi-word, filtered and document-number queries to
  ``/api/search/`` from 4 processes at once and prints p50/p95 latency.

Targets (issue #3): ≥ 500 documents/s indexed into OpenSearch; p95 ≤ 150 ms
with OpenSearch; document-number queries at rank 1 every time. The planted
query set below is kept as a regression check only.

The independent judged set (issue #20, bench/judged/README.md):

    export DATABASE_URL=…/govcluster_judged SEARCH_INDEX_PREFIX=judged_
    .venv/bin/python bench/search.py --judged [--measure-only]

imports the judged packages into a fresh database with ``import_site``, runs
``update_index``, and scores both backends beside a BM25 baseline per category.
``SEARCH_INDEX_PREFIX`` names the engine's indexes (default ``bench_``).

``--first-request`` (#20.7) measures what the first search of a fresh server
process costs: it starts new processes that load the WSGI application as a
server does (config/wsgi.py), with the segmenter preload and the warm-up
(``WARM_UP_ON_START``) on and off, and each
prints the start-up time, its first search request and a warm one. It loads
the demo cluster into an empty database first (no OpenSearch needed).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings declare both backends: "default" (database) and "engine".
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# A stable index name (the test settings pick a random prefix per process).
if "engine" in settings.WAGTAILSEARCH_BACKENDS:
    settings.WAGTAILSEARCH_BACKENDS["engine"]["INDEX_PREFIX"] = os.environ.get(
        "SEARCH_INDEX_PREFIX", "bench_"
    )
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from tqdm import tqdm  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from search import analysis, selectors  # noqa: E402
from search.models import EntryKind, SearchEntry, SynonymGroup  # noqa: E402
from site_registry.choices import SiteKind, SiteLevel  # noqa: E402
from site_registry.models import SiteProfile  # noqa: E402

HOST = "www.localhost"
BENCH_PREFIX = "bench-site-"
NEUTRAL = (
    "加强 推进 落实 工作 部署 统筹 协调 监督 检查 组织 实施 完善 机制 "
    "提升 服务 水平 开展 专项 行动 建立 健全 制度 保障 措施 有效 推动 "
    "高质量 发展 全面 深化 改革 优化 流程 规范 管理 强化 责任 考核"
).split()
ORGS = (
    "发展和改革委员会 教育局 民政局 财政局 人力资源和社会保障局 住房和城乡建设局 "
    "交通运输局 农业农村局 卫生健康委员会 应急管理局"
).split()
CN_DIGITS = "零一二三四五六七八九"
GENRES = ["notice", "opinion", "decision", "announcement", "reply", "letter"]

# Judged text queries: (query, phrase planted in the relevant documents, a
# distractor with the phrase's characters apart or only a part of it).
TEXT_QUERIES = [
    ("医保", "医保", "医院建设和社会保障"),
    ("低保", "低保", "低温天气做好保暖"),
    ("公积金", "住房公积金", "公共服务积极推进资金"),
    ("养老保险", "养老保险", "养殖业老旧设施保险"),
    ("义务教育", "义务教育", "义务植树和教育宣传"),
    ("营商环境", "营商环境", "经营商户周边环境"),
    ("乡村振兴", "乡村振兴", "乡镇村级振奋兴业"),
    ("安全生产", "安全生产", "安置生活全面产业"),
    ("疫情防控", "疫情防控", "疫苗情况防范管控"),
    ("人居环境", "人居环境", "人员居住周边环境"),
    ("高标准农田", "高标准农田", "高温标准农业田间"),
    ("退役军人", "退役军人", "退休役龄军队人员"),
    ("残疾人", "残疾人", "残留疾病人群"),
    ("临时救助", "临时救助", "临近时段救援助力"),
    ("特困人员", "特困人员", "特别困难时期人员"),
    ("垃圾分类", "垃圾分类", "垃圾清运分别归类"),
    ("河长制", "河长制", "河道长度制图"),
    ("消防安全", "消防安全", "消除隐患防范安全"),
    ("食品安全", "食品安全", "食堂用品安全"),
    ("文物保护", "文物保护", "文化物品保存维护"),
    ("防汛抗旱", "防汛抗旱", "防范汛期抗击干旱"),
    ("森林防火", "森林防火", "森林资源防治火灾"),
    ("电动自行车", "电动自行车", "电力动力自主行车"),
    ("老旧小区改造", "老旧小区改造", "老年旧居小型社区改良建造"),
    ("政务公开 工作要点", "政务公开工作要点", "政务服务公开征求工作意见要点"),
    ("城乡居民 医疗保险", "城乡居民医疗保险", "城乡医疗机构居民保险"),
    ("最低生活保障标准", "最低生活保障标准", "最低气温生活物资保障"),
    ("就业创业补贴", "就业创业补贴", "就业岗位创新补助"),
    ("住房保障", "住房保障", "住宿房屋安全保障"),
    ("校外培训", "校外培训", "学校外部培养训练"),
]
# Synonym queries: the planted documents use only the other term.
SYNONYM_QUERIES = [
    ("医疗保险", "医保", "医保/医疗保险"),
    ("低保", "最低生活保障", "低保/最低生活保障"),
]
DOC_NUMBER_SPELLINGS = [
    "{o}〔{y}〕{n}号",
    "{o}[{y}]{n}号",
    "{o}({y}){n}号",
    "{o}（{y}）{n}号",
    "{o}{y}{n}号",
]


def _encode(position: int) -> str:
    # treebeard's base36 step of 4 characters.
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(Page.steplen):
        out = alphabet[position % 36] + out
        position //= 36
    return out


def bulk_children(parent: Page, titles: list[str], start: int) -> list[Page]:
    """Plain live pages under ``parent``, written in bulk (no revisions)."""
    now = timezone.now()
    pages = []
    for offset, title in enumerate(titles):
        position = start + offset + 1
        slug = f"b{position}"
        pages.append(
            Page(
                title=title,
                slug=slug,
                path=parent.path + _encode(position),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                content_type_id=parent.content_type_id
                if type(parent) is Page
                else _page_ct(),
                locale_id=parent.locale_id,
                draft_title=title,
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=2000)
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(titles))
    return created


def _page_ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page).pk


def ensure_bench_sites(count: int) -> list[SiteProfile]:
    portal = SiteProfile.objects.get(site__hostname=HOST)
    home = portal.root_page
    existing = list(SiteProfile.objects.filter(name__startswith="示范市基准"))
    if existing:
        return existing
    last = home.get_last_child()
    start = int(last.path[-Page.steplen :], 36) if last else 0
    roots = bulk_children(home, [f"示范市基准{i:02d}局" for i in range(count)], start)
    profiles = [
        SiteProfile(
            kind=SiteKind.SUBSITE,
            root_page=root,
            name=f"示范市基准{i:02d}局网站",
            level=SiteLevel.DEPARTMENT,
            parent=portal,
            organizer=f"示范市基准{i:02d}局",
        )
        for i, root in enumerate(roots)
    ]
    return SiteProfile.objects.bulk_create(profiles)


def _neutral(rng, n):
    return "".join(rng.choice(NEUTRAL) for _ in range(n))


def generate(count: int, profiles: list[SiteProfile], rng) -> None:
    """Generated background documents plus the planted judged ones."""
    per_site = math.ceil(count / len(profiles))
    total_created = 0
    planted: list[tuple[str, str, dict]] = []  # (query, title, entry extras)
    for query, phrase, distractor in TEXT_QUERIES:
        for k in range(3):
            planted.append((query, f"关于{phrase}工作的通知（{k + 1}）", {"grade": 2}))
        planted.append((query, f"关于{distractor}的安排", {"grade": 0}))
    for query, other, _group in SYNONYM_QUERIES:
        for k in range(2):
            planted.append((query, f"{other}经办服务指南（{k + 1}）", {"grade": 2}))
    bar = tqdm(total=count + len(planted), desc="generate", unit="doc")
    planted_iter = iter(planted)
    for site_index, profile in enumerate(profiles):
        root = profile.root_page
        items = []
        n = min(per_site, count - total_created)
        for i in range(n):
            org = ORGS[(site_index + i) % len(ORGS)]
            kind = rng.choice(["通知", "意见", "方案"])
            title = f"示范市{org}关于{_neutral(rng, 3)}的{kind}"
            items.append((title, None))
        # Spread the planted documents over the sites.
        for _ in range(math.ceil(len(planted) / len(profiles))):
            item = next(planted_iter, None)
            if item is not None:
                items.append((item[1], item))
        pages = bulk_children(root, [t for t, _ in items], 0)
        entries = []
        for page, (title, plant) in zip(pages, items, strict=True):
            i = len(entries)
            year = 2015 + i % 11
            serial = i + 1
            # Organ abbreviations are Chinese only: 示基三七发.
            organ = (
                "示基" + "".join(CN_DIGITS[int(d)] for d in f"{site_index:02d}") + "发"
            )
            number = f"{organ}〔{year}〕{serial}号"
            body = title + "。" + _neutral(rng, 40)
            if plant is not None and plant[2]["grade"] == 2:
                body = title + "。" + body
            text = body
            entries.append(
                SearchEntry(
                    page=page,
                    profile=profile,
                    hosting_profile_id=profile.parent_id,
                    kind=EntryKind.DOCUMENT,
                    title=title,
                    title_segmented=analysis.segment(title),
                    title_unmarked=analysis.unmarked(title),
                    text=text,
                    text_segmented=analysis.segment(text),
                    breadcrumbs=[profile.name],
                    document_number=number,
                    document_number_key=analysis.document_number_key(number),
                    organization=f"示范市{ORGS[(site_index + i) % len(ORGS)]}",
                    genre=GENRES[i % len(GENRES)],
                    validity="valid",
                    date=timezone.localdate(),
                    year=year,
                )
            )
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        total_created += n
        bar.update(len(items))
    bar.close()


def judged_queries() -> dict[str, dict[int, int]]:
    """The judged query set, read back from the entries: {query: {page: grade}}."""
    judgements: dict[str, dict[int, int]] = {}
    # Graded: 2 = the planted document holds the words typed, 1 = it holds
    # only a synonym of them (the office's groups below).
    synonyms = [group.split("/") for _q, _o, group in SYNONYM_QUERIES]
    planted = list(
        SearchEntry.objects.filter(
            Q(title__regex=r"^关于.*工作的通知（\d）$")
            | Q(title__regex=r"^.*经办服务指南（\d）$")
        ).values_list("page_id", "title")
    )
    queries = [(q, p) for q, p, _d in TEXT_QUERIES] + [
        (q, q) for q, _o, _g in SYNONYM_QUERIES
    ]
    for query, phrase in queries:
        words = phrase.split()
        others = [t for g in synonyms if phrase in g for t in g if t != phrase]
        grades = {}
        for page_id, title in planted:
            if all(word in title for word in words):
                grades[page_id] = 2
            elif any(other in title for other in others):
                grades[page_id] = 1
        judgements[query] = grades
    # Ten generated documents by number, each in another spelling.
    # (Runs before 2026-11-27 21:30 wrote 〇, which is no organ character.)
    numbered = SearchEntry.objects.filter(document_number__startswith="示基").exclude(
        document_number__contains="〇"
    )
    total = numbered.count()
    for k in range(10):
        entry = numbered.order_by("pk")[(k * total) // 10]
        organ, rest = entry.document_number.split("〔")
        year, serial = rest.rstrip("号").split("〕")
        spelling = DOC_NUMBER_SPELLINGS[k % len(DOC_NUMBER_SPELLINGS)]
        judgements[spelling.format(o=organ, y=year, n=serial)] = {entry.page_id: 2}
    # The demo cluster's seed documents, by number, in another spelling.
    from disclosure_pages.models import DisclosureDocumentPage

    for page_id, number in (
        DisclosureDocumentPage.objects.live()
        .exclude(document_number="")
        .values_list("pk", "document_number")
    ):
        judgements[number.replace("〔", "[").replace("〕", "]")] = {page_id: 2}
    return judgements


def index_backend(alias: str) -> tuple[int, float]:
    """Bulk-index every entry through Wagtail's rebuilder; (count, seconds)."""
    backend = get_search_backend(alias)
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(SearchEntry))
    index = rebuilder.start()
    index.add_model(SearchEntry)
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    started = time.monotonic()
    chunk = 1000
    with tqdm(total=len(ids), desc=f"index {alias}", unit="doc") as bar:
        for i in range(0, len(ids), chunk):
            items = list(SearchEntry.objects.filter(pk__in=ids[i : i + chunk]))
            index.add_items(SearchEntry, items)
            bar.update(len(items))
    rebuilder.finish()
    index.refresh()
    return len(ids), time.monotonic() - started


def dcg(grades):
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades))


def quality(alias: str, judgements: dict) -> dict:
    ndcgs, rrs, number_ranks = [], [], []
    for query, relevant in judgements.items():
        request = selectors.parse_search_request(
            {"q": query, "page_size": "10"}, profile=None
        )
        response = selectors.run_search(request, backend=alias, with_facets=False)
        ranked = [hit.entry.page_id for hit in response.hits]
        grades = [relevant.get(pid, 0) for pid in ranked]
        ideal = sorted(relevant.values(), reverse=True)[:10]
        ndcgs.append(dcg(grades) / dcg(ideal) if ideal else 0)
        rank = next((i + 1 for i, pid in enumerate(ranked) if pid in relevant), None)
        rrs.append(1 / rank if rank else 0)
        if analysis.document_number_key(query):
            number_ranks.append(rank)
    return {
        "queries": len(judgements),
        "ndcg10": statistics.mean(ndcgs),
        "mrr": statistics.mean(rrs),
        "number_queries": len(number_ranks),
        "number_rank1": sum(1 for r in number_ranks if r == 1),
    }


def _mix(judgements) -> list[dict]:
    text = [q for q, _p, _d in TEXT_QUERIES]
    numbers = [q for q in judgements if analysis.document_number_key(q)]
    mix = []
    for i in range(40):
        mix.append({"q": text[i % len(text)].split()[0]})  # one word
        mix.append({"q": f"{text[i % len(text)]} 通知"})  # several words
        mix.append({"q": text[(i * 7) % len(text)], "genre": "notice",
                    "year": str(2015 + i % 11)})  # filtered  # fmt: skip
        mix.append({"q": numbers[i % len(numbers)]})  # document number
    return mix


def _worker_init(alias: str) -> None:
    settings.SEARCH_BACKEND_ALIAS = alias


def _worker(params_list: list[dict]) -> list[float]:
    from django.test import Client

    client = Client()
    latencies = []
    for params in params_list:
        started = time.perf_counter()
        response = client.get("/api/search/", params, HTTP_HOST=HOST)
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{params}: {response.status_code} {response.content}")
    return latencies


def latency(alias: str, judgements: dict, requests: int, clients: int = 4) -> dict:
    mix = _mix(judgements)
    plan = [mix[i % len(mix)] for i in range(requests)]
    # Warm up caches and connections.
    _worker_init(alias)
    _worker(mix[:8])
    connection.close()
    chunks = [plan[i::clients] for i in range(clients)]
    started = time.monotonic()
    with ProcessPoolExecutor(
        max_workers=clients, initializer=_worker_init, initargs=(alias,)
    ) as pool:
        results = [x for part in pool.map(_worker, chunks) for x in part]
    elapsed = time.monotonic() - started
    results.sort()
    return {
        "requests": len(results),
        "p50": statistics.median(results),
        "p95": results[int(len(results) * 0.95) - 1],
        "throughput": len(results) / elapsed,
    }


FIRST_QUERIES = ["最低生活保障标准", "医疗保险门诊报销"]


def first_request_child() -> None:
    """In a fresh process: load the application as a server does, then time
    the first search request, and the same request again once the process
    has answered another one (a warm request of the same cost)."""
    from django.test import Client

    started = time.monotonic()
    import config.wsgi  # noqa: F401 - the server's entry point (preload)
    from config.gunicorn import post_worker_init

    # What gunicorn runs in each worker before it takes a request.
    post_worker_init(None)
    startup = time.monotonic() - started
    client = Client()
    timings = []
    first, other = FIRST_QUERIES
    for query in (first, other, first):
        started = time.monotonic()
        response = client.get("/search/", {"q": query}, HTTP_HOST=HOST)
        timings.append(time.monotonic() - started)
        if response.status_code != 200:
            raise SystemExit(f"/search/ answered {response.status_code}")
    print(f"{startup * 1000:.0f} {timings[0] * 1000:.0f} {timings[2] * 1000:.0f}")


def first_request(runs: int = 3) -> int:
    """Fresh processes with the preload on and off: start-up, first and warm
    search request (median of ``runs`` processes each)."""
    import subprocess

    call_command("migrate", verbosity=0)
    if not SearchEntry.objects.exists():
        from demo.services import load_demo_cluster

        load_demo_cluster(port=80, public_content=True)
        from search import services

        services.rebuild_entries()
        index_backend("default")
    connection.close()
    print(f"entries: {SearchEntry.objects.count()}; {runs} fresh processes each")
    for preload in ("1", "0"):
        rows = []
        for _run in range(runs):
            env = {
                **os.environ,
                "SEARCH_PRELOAD_SEGMENTER": preload,
                "WARM_UP_ON_START": preload,
                "SEARCH_BACKEND_ALIAS": "default",
            }
            out = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, __file__, "--first-request-child"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            rows.append([float(value) for value in out[-3:]])
        columns = zip(*rows, strict=True)
        startup, first, warm = (statistics.median(col) for col in columns)
        label = "preload and warm-up " + ("on " if preload == "1" else "off")
        print(
            f"{label}: process start {startup:.0f} ms, first search request "
            f"{first:.0f} ms, warm request {warm:.0f} ms"
        )
    return 0


def main() -> int:
    if "--first-request-child" in sys.argv:
        first_request_child()
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="reuse the database and indexes of an earlier run: quality and latency",
    )
    parser.add_argument("--backends", default="engine,default")
    parser.add_argument(
        "--judged",
        action="store_true",
        help="the independent judged set (bench/judged/) beside a BM25 baseline",
    )
    parser.add_argument(
        "--no-holdout",
        action="store_true",
        help="with --judged: leave out the hold-out queries (while tuning)",
    )
    parser.add_argument(
        "--first-request",
        action="store_true",
        help="time the first and a warm search request of fresh processes",
    )
    args = parser.parse_args()
    if args.first_request:
        return first_request()
    if (
        connection.vendor != "postgresql"
        or "engine" not in settings.WAGTAILSEARCH_BACKENDS
    ):
        print("Set DATABASE_URL (PostgreSQL) and SEARCH_URL (scripts/services.sh env).")
        return 2
    if args.judged:
        sys.path.insert(0, str(ROOT / "bench" / "judged"))
        from run import main as judged_main

        if not args.measure_only:
            call_command("migrate", verbosity=0)
        return judged_main(
            load=not args.measure_only,
            backends=args.backends.split(",")[::-1],
            with_holdout=not args.no_holdout,
        )
    rng = random.Random(3)
    if not args.measure_only:
        call_command("migrate", verbosity=0)
        if SearchEntry.objects.exists():
            print("The database already holds search entries: use a fresh one.")
            return 2
        from demo.services import load_demo_cluster

        load_demo_cluster(port=80, public_content=False)
        for _query, _other, group in SYNONYM_QUERIES:
            SynonymGroup.objects.get_or_create(terms=group)
        analysis.reset()
        with transaction.atomic():
            profiles = ensure_bench_sites(args.sites)
            started = time.monotonic()
            generate(args.count, profiles, rng)
            generated = time.monotonic() - started
        print(
            f"generated {args.count} documents in {generated:.0f} s "
            "(segmentation included)"
        )
    judgements = judged_queries()
    print(f"entries: {SearchEntry.objects.count()}")
    report = {}
    for alias in args.backends.split(","):
        report[alias] = {"indexed": 0, "rate": 0.0}
        if not args.measure_only:
            count, seconds = index_backend(alias)
            report[alias] = {"indexed": count, "rate": count / seconds}
        report[alias].update(quality(alias, judgements))
        report[alias].update(latency(alias, judgements, args.requests))
    print()
    print(f"machine: {os.cpu_count()} CPU, {platform.python_version()}, "
          f"{len(judgements)} judged queries, {args.sites} bench sites")  # fmt: skip
    names = {"engine": "OpenSearch", "default": "PostgreSQL database"}
    for alias, r in report.items():
        name = names[alias]
        print(
            f"{name}: indexed {r['indexed']} entries at {r['rate']:.0f} docs/s; "
            f"nDCG@10 {r['ndcg10']:.3f}, MRR {r['mrr']:.3f}, document numbers at "
            f"rank 1: {r['number_rank1']}/{r['number_queries']}; API with 4 clients: "
            f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
            f"{r['throughput']:.1f} req/s over {r['requests']} requests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
