"""Building migration packages for the tests."""

from __future__ import annotations

import json
from pathlib import Path

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write_package(root: Path, manifest: dict | None = None, **kinds) -> Path:
    """A package directory: the manifest and one ``KIND.jsonl`` per keyword."""
    root.mkdir(parents=True, exist_ok=True)
    manifest = manifest or {"format": "govcluster-site-migration", "version": 1}
    (root / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
    )
    for kind, records in kinds.items():
        lines = [
            r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
            for r in records
        ]
        (root / f"{kind}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def column(source_id: str, slug: str, kind: str, **values) -> dict:
    return {"source_id": source_id, "title": f"栏目{slug}", "slug": slug,
            "kind": kind, **values}  # fmt: skip


def document(n: int, column_ref: str = "c-zcwj", **values) -> dict:
    return {
        "source_id": f"doc-{n}",
        "title": f"示范市人民政府关于第{n}项工作的通知",
        "body_text": "各区县人民政府：\n现就有关事项通知如下。",
        "published_at": "2019-03-05 10:30",
        "organization": "示范市人民政府办公室",
        "column": column_ref,
        "old_url": f"http://www.old.gov.cn/art/2019/3/5/art_{n}.html",
        **values,
    }


def message(n: int, channel: str = "zxzx", **values) -> dict:
    return {
        "source_id": f"msg-{n}",
        "channel": channel,
        "title": f"关于第{n}个问题的咨询",
        "content": "请问办理流程是什么？",
        "received_at": "2020-05-06T09:00:00+08:00",
        "answer": "您好，请携带身份证到政务服务中心办理。",
        "answered_at": "2020-05-08T10:00:00+08:00",
        "published": True,
        **values,
    }
