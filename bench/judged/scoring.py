"""Metrics and the BM25 baseline of the judged set (pure Python, no Django).

- nDCG@10 with gain 2^grade − 1 and log2(rank + 1) discount; the ideal
  ranking is every graded page of the query, best first.
- recall@20: highly relevant pages (grade ≥ 2) in the first 20, over
  min(20, their number), so a broad query with 30 such pages can still reach 1.
- MRR: 1 / rank of the first answer (grade 3; grade ≥ 2 when a query has no 3).
- number rank 1: a document- or index-number query has its answer first.
- filter violations: pages in the first 20 of a filtered query that do not
  satisfy its filters (by the pages' own metadata). Only documents have a
  validity: other kinds pass a validity filter unless the query also asks
  for documents only (the rule of issue #20, point 4). The grades are left
  as the evaluator wrote them.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict

CATEGORIES = (
    "abbreviation", "full_form", "multi_word", "split_term", "superseded",
    "interpretation", "title_weak", "near_duplicate", "number", "filtered",
)  # fmt: skip
# Filter values are the platform's codes (disclosure_pages.choices).
VALIDITY = {"有效": "valid", "失效": "expired", "废止": "repealed", "已修改": "amended"}
GENRE = {
    "通知": "notice", "意见": "opinion", "规范性文件": "normative",
    "公告": "announcement", "纪要": "minutes", "函": "letter",
    "统计数据": "statistics", "其他": "other",
}  # fmt: skip
NAMES = {"default": "database", "engine": "engine", "bm25": "BM25"}


def violates(row: dict, filters: dict) -> bool:
    if "type" in filters and row["kind"] != filters["type"]:
        return True
    if (
        "validity" in filters
        and (row["kind"] == "document" or filters.get("type") == "document")
        and VALIDITY.get(row["validity"]) != filters["validity"]
    ):
        return True
    if "year" in filters and row["year"] != filters["year"]:
        return True
    if "category" in filters and filters["category"] not in row["subject"].split("\\"):
        return True
    return "genre" in filters and GENRE.get(row["genre"]) != filters["genre"]


def tokens(text: str) -> list[str]:
    """Character unigrams: every letter, digit or CJK character, lower-cased."""
    return [c for c in text.lower() if c.isalnum()]


class BM25:
    """Okapi BM25 (k1 = 1.2, b = 0.75) over title + body of every judged page."""

    def __init__(self, packages, design, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b, self.design = k1, b, design
        self.tf: dict[str, Counter] = {}
        for site in sorted(p.name for p in packages.iterdir()):
            for kind in ("documents", "interpretations", "news"):
                path = packages / site / f"{kind}.jsonl"
                for line in open(path, encoding="utf-8"):
                    row = json.loads(line)
                    text = row["title"] + "\n" + row["body_text"]
                    self.tf[f"{site}:{row['source_id']}"] = Counter(tokens(text))
        self.length = {k: sum(c.values()) for k, c in self.tf.items()}
        self.avg = sum(self.length.values()) / len(self.length)
        df: Counter = Counter()
        for c in self.tf.values():
            df.update(c.keys())
        n = len(self.tf)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.postings: dict[str, list[str]] = defaultdict(list)
        for key, c in self.tf.items():
            for t in c:
                self.postings[t].append(key)

    def search(self, query: dict, depth: int) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for t in set(tokens(query["q"])):
            idf = self.idf.get(t, 0.0)
            for key in self.postings.get(t, ()):
                f = self.tf[key][t]
                norm = self.k1 * (1 - self.b + self.b * self.length[key] / self.avg)
                scores[key] += idf * f * (self.k1 + 1) / (f + norm)
        keys = [k for k in scores if not violates(self.design[k], query["filters"])]
        return sorted(keys, key=lambda k: (-scores[k], k))[:depth]


def ndcg(ranked: list[str], grades: dict, k: int = 10) -> float:
    gain = sum(
        (2 ** grades.get(key, 0) - 1) / math.log2(i + 2)
        for i, key in enumerate(ranked[:k])
    )
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall(ranked: list[str], grades: dict, k: int = 20) -> float:
    relevant = {key for key, g in grades.items() if g >= 2}
    if not relevant:
        relevant = set(grades)
    found = len(relevant & set(ranked[:k]))
    return found / min(k, len(relevant)) if relevant else 1.0


def rr(ranked: list[str], grades: dict) -> float:
    top = 3 if 3 in grades.values() else 2
    for i, key in enumerate(ranked):
        if grades.get(key, 0) >= top:
            return 1 / (i + 1)
    return 0.0


def score_run(ranked: dict, queries: list[dict], design: dict) -> dict:
    per_query = {}
    for q in queries:
        r, g = ranked[q["id"]], q["grades"]
        violations = sum(
            1 for key in r if key in design and violates(design[key], q["filters"])
        )
        unknown = sum(1 for key in r if key not in design)
        per_query[q["id"]] = {
            "category": q["category"], "ndcg": ndcg(r, g), "recall": recall(r, g),
            "rr": rr(r, g), "violations": violations if q["filters"] else 0,
            "unknown": unknown, "rank1": bool(r) and g.get(r[0], 0) == 3,
            "hits": len(r),
        }  # fmt: skip
    return per_query


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def summary(per_query: dict, category: str | None = None) -> dict:
    rows = [v for v in per_query.values() if category in (None, v["category"])]
    return {
        "n": len(rows), "ndcg": _mean(v["ndcg"] for v in rows),
        "recall": _mean(v["recall"] for v in rows), "mrr": _mean(v["rr"] for v in rows),
    }  # fmt: skip


def tables(scores: dict, queries: list[dict], backends: list[str]) -> str:
    names = [*backends, "bm25"]
    lines = []
    head = f"{'category':<15}{'n':>4}" + "".join(
        f" | {NAMES[n]:^23}" for n in names
    )  # fmt: skip
    sub = " " * 19 + "".join(" | nDCG@10  R@20   MRR  " for _ in names)
    lines += ["", head, sub, "-" * len(sub)]
    for cat in (*CATEGORIES, None):
        cells = []
        for n in names:
            s = summary(scores[n], cat)
            cells.append(f" | {s['ndcg']:7.3f} {s['recall']:5.3f} {s['mrr']:5.3f} ")
        label = cat or "overall"
        lines.append(
            f"{label:<15}{summary(scores[names[0]], cat)['n']:>4}" + "".join(cells)
        )
    lines.append("")
    base = scores["bm25"]
    for n in backends:
        s = scores[n]
        numbers = [v for v in s.values() if v["category"] == "number"]
        rank1 = sum(v["rank1"] for v in numbers)
        violations = sum(v["violations"] for v in s.values())
        unknown = sum(v["unknown"] for v in s.values())
        overall, b_overall = summary(s), summary(base)
        gaps = {c: summary(s, c)["ndcg"] - summary(base, c)["ndcg"] for c in CATEGORIES}
        short = [c for c, gap in gaps.items() if gap < 0.05]
        ok_ndcg = overall["ndcg"] - b_overall["ndcg"] >= 0.05 and not short
        empty = sum(1 for v in s.values() if v["hits"] == 0)
        few = sum(1 for v in s.values() if 0 < v["hits"] < 5)
        lines.append(f"{NAMES[n]} ({n}): {empty} queries without a hit, {few} with 1-4")
        lines.append(
            f"  nDCG@10 {overall['ndcg']:.3f} vs BM25 {b_overall['ndcg']:.3f} "
            f"(+{overall['ndcg'] - b_overall['ndcg']:.3f}); categories under +0.05: "
            f"{', '.join(short) or 'none'} -> {'MET' if ok_ndcg else 'NOT MET'}"
        )
        lines.append(
            f"  recall@20 {overall['recall']:.3f} (target 0.97) -> "
            f"{'MET' if overall['recall'] >= 0.97 else 'NOT MET'}"
        )
        missed = [q["q"] for q in queries if q["category"] == "number"
                  and not s[q["id"]]["rank1"]]  # fmt: skip
        lines.append(
            f"  number/index at rank 1: {rank1}/{len(numbers)} -> "
            f"{'MET' if rank1 == len(numbers) else 'NOT MET'}"
            + (f" (missed: {', '.join(missed)})" if missed else "")
        )
        lines.append(
            f"  filter violations (first {20} of filtered queries): {violations} -> "
            f"{'MET' if violations == 0 else 'NOT MET'}; "
            f"hits outside the judged pages: {unknown}"
        )
    b_numbers = [v for v in base.values() if v["category"] == "number"]
    lines.append(
        "BM25: number/index at rank 1: "
        f"{sum(v['rank1'] for v in b_numbers)}/{len(b_numbers)}"
    )
    return "\n".join(lines)
