"""The judged-set report of bench/search.py (``--judged``).

Loads the six packages of bench/judged/packages/ into a fresh database through
the real migration importer (``manage.py import_site``), indexes both search
backends with ``manage.py update_index``, runs every judged query through the
public search path (``search.selectors.run.run_search``, whole cluster, with the
query's filters) on each backend, and scores it beside a plain BM25 baseline
over the same documents. Django must be set up by the caller.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

from scoring import BM25, CATEGORIES, score_run, tables

HERE = Path(__file__).resolve().parent
DEPTH = 20  # results fetched per query (recall@20)


def load_design() -> dict[str, dict]:
    rows = (
        json.loads(line) for line in open(HERE / "documents.jsonl", encoding="utf-8")
    )
    return {row["key"]: row for row in rows}


def load_queries(name: str = "queries.jsonl") -> list[dict]:
    with open(HERE / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_packages() -> None:
    """Open the sites through the registry and import each package."""
    from django.core.management import call_command
    from wagtail.models import Site

    from site_registry import lifecycle
    from site_registry.models import SiteProfile

    sites = json.loads((HERE / "sites.json").read_text(encoding="utf-8"))
    for spec in sites:
        if Site.objects.filter(hostname=spec["hostname"]).exists():
            continue  # an interrupted earlier load: the import below updates it
        parent = (
            SiteProfile.objects.get(name=_by_code(sites, spec["parent"])["name"])
            if spec["parent"]
            else None
        )
        lifecycle.open_site(
            name=spec["name"], level=spec["level"], organizer=spec["home_title"],
            parent=parent, hostname=spec["hostname"], code=spec["site_code"],
            home_title=spec["home_title"], home_slug=spec["code"],
        )  # fmt: skip
    for spec in sites:
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        call_command(
            "import_site", str(HERE / "packages" / spec["code"]), "--site",
            spec["hostname"], "--no-progress", stdout=out, stderr=err,
        )  # fmt: skip
        lines = [line for line in out.getvalue().splitlines() if "：新建" in line]
        errors = [line for line in err.getvalue().splitlines() if "（错误）" in line]
        print(f"{spec['code']}: {' '.join(lines)} ({time.monotonic() - started:.0f} s)")
        for line in errors[:10]:
            print("  ", line)


def _by_code(sites, code):
    return next(s for s in sites if s["code"] == code)


def index() -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("update_index", verbosity=0)
    print(
        "update_index (entries, database backend, engine): "
        f"{time.monotonic() - started:.0f} s"
    )


def page_keys() -> dict[int, str]:
    """Page id → judged key (site code:source id), from the imported pages."""
    from wagtail.models import Page

    sites = json.loads((HERE / "sites.json").read_text(encoding="utf-8"))
    keys = {}
    for spec in sites:
        home = Page.objects.get(slug=spec["code"], depth=2)
        for page in home.get_descendants().specific(defer=True).iterator():
            source = getattr(page, "source_id", "") or ""
            if source:
                keys[page.pk] = f"{spec['code']}:{source}"
    return keys


def hit_page_id(hit) -> int | None:
    for name in ("page_id", "page"):
        value = getattr(hit, name, None)
        if isinstance(value, int):
            return value
        if value is not None and hasattr(value, "pk"):
            return value.pk
    entry = getattr(hit, "entry", None)
    if entry is not None:
        return getattr(entry, "page_id", None)
    return None


def request_for(query: dict):
    from search.requests import SearchRequest

    f = query["filters"]
    return SearchRequest(
        q=query["q"], whole_cluster=True, type=f.get("type", ""),
        validity=f.get("validity", ""), category=f.get("category", ""),
        genre=f.get("genre", ""), year=f.get("year"), page_size=DEPTH,
    )  # fmt: skip


def run_backend(alias: str, queries, keys) -> dict[str, list[str]]:
    from search.selectors.run import run_search

    ranked = {}
    for query in queries:
        resp = run_search(request_for(query), backend=alias, with_facets=False)
        out = []
        for hit in list(resp.hits)[:DEPTH]:
            pid = hit_page_id(hit)
            out.append(keys.get(pid, f"page:{pid}"))
        ranked[query["id"]] = out
    return ranked


def score_set(queries, backends, keys, design, bm25) -> tuple[dict, dict]:
    """The rankings of every backend and of BM25 for ``queries``, and their
    scores."""
    runs = {}
    for alias in backends:
        started = time.monotonic()
        runs[alias] = run_backend(alias, queries, keys)
        print(f"{alias}: {len(queries)} queries in {time.monotonic() - started:.1f} s")
    runs["bm25"] = {q["id"]: bm25.search(q, DEPTH) for q in queries}
    scores = {name: score_run(ranked, queries, design) for name, ranked in runs.items()}
    return runs, scores


def main(*, load: bool, backends: list[str], with_holdout: bool = True) -> int:
    design = load_design()
    queries = load_queries()
    if load:
        load_packages()
        index()
    keys = page_keys()
    missing = set(design) - set(keys.values())
    print(
        f"judged pages imported: {len(set(keys.values()) & set(design))}/{len(design)}"
    )
    if missing:
        print(f"not imported: {sorted(missing)[:10]} …")
    bm25 = BM25(HERE / "packages", design)
    runs, scores = score_set(queries, backends, keys, design, bm25)
    print(tables(scores, queries, backends))
    dump = os.environ.get("JUDGED_DUMP")
    if dump:  # per-query rankings and scores, for whoever works on the ranking
        data = {name: {"ranked": runs[name], "scores": scores[name]} for name in runs}
        Path(dump).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if not with_holdout:  # while working on the ranking: the hold-out stays unseen
        return 0
    # The hold-out queries (README): reported only, never dumped per query,
    # so that nobody tunes on them.
    holdout = load_queries("holdout_queries.jsonl")
    _runs, scores = score_set(holdout, backends, keys, design, bm25)
    print(f"\nHold-out queries ({len(holdout)}, written apart from the ranking work):")
    print(tables(scores, holdout, backends))
    return 0


__all__ = ["CATEGORIES", "main"]
