"""Seeded defaults for the word lists; the office edits them in the admin.

Kept as plain data so the migrations and the tests read the same lists.
"""

from pathlib import Path

MISSPELLINGS_FILE = Path(__file__).resolve().parent / "data" / "misspellings.tsv"
MISSPELLING_COLUMNS = (
    "wrong",
    "correct",
    "not_before",
    "not_after",
    "only_after",
    "not_later",
    "source",
)


def misspelling_rows(path: Path = MISSPELLINGS_FILE) -> list[dict[str, str]]:
    """The misspelling dictionary (its header documents the columns and sources)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (len(MISSPELLING_COLUMNS) - len(cells))
        rows.append(dict(zip(MISSPELLING_COLUMNS, cells, strict=True)))
    return rows


# (wrong, correct) pairs of the dictionary, for callers that need no context.
DEFAULT_MISSPELLINGS = [(row["wrong"], row["correct"]) for row in misspelling_rows()]

# Classification marks and handling notices that must never appear on a public
# site (《保密法》: secret information must not go online).
DEFAULT_SENSITIVE_WORDS = [
    ("绝密★", "国家秘密密级标志"),
    ("机密★", "国家秘密密级标志"),
    ("秘密★", "国家秘密密级标志"),
    ("内部资料", "内部事务信息，不予公开"),
    ("注意保存", "内部文件保管提示"),
    ("不得外传", "内部文件保管提示"),
    ("涉密文件", "涉密信息不得上网"),
]
