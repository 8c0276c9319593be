"""The project stands alone: nothing points outside the repository, and every
rule citation (``docs/domain.md <label>``) names a section that exists.

Scans every text file git tracks, so a moved section or a pasted path to a
machine's folders fails here rather than in a reader's hands.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "docs" / "domain.md"

# Folders of the machine or of the workplace around the repository.
OUTSIDE_RE = re.compile(r"\.\./shared\b|(?<![\w/])shared/(?:seeds|docs)\b|/work/")
# A part "(d)" or a numbered section "b2" of docs/domain.md.
LABEL = r"\([a-z]\)|[a-z]\d+\b"
CITATION_RE = re.compile(
    rf"docs/domain\.md((?:(?:\s+|,\s*|\s+and\s+)(?:{LABEL}))+)", re.IGNORECASE
)
# A citation without its folder reads as a file next to the reader.
BARE_CITATION_RE = re.compile(rf"(?<![\w/])domain\.md\s+(?:{LABEL})")
HEADING_RE = re.compile(r"^#{2,3} (\([a-z]\)|[a-z]\d+)[ .]", re.MULTILINE)
MARKDOWN_LINK_RE = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


@cache
def tracked_text_files() -> list[tuple[str, str]]:
    git = shutil.which("git")
    assert git, "git is needed to list the repository's files"
    names = (
        subprocess.run(
            [git, "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
        )
        .stdout.decode()
        .split("\0")
    )
    files = []
    for name in filter(None, names):
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        try:
            files.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return files


def domain_labels() -> set[str]:
    return {label.lower() for label in HEADING_RE.findall(DOMAIN.read_text())}


def cited_labels(text: str) -> list[str]:
    labels = []
    for match in CITATION_RE.finditer(text):
        labels += [label.lower() for label in re.findall(LABEL, match.group(1))]
    return labels


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_domain_labels_are_found():
    # The scan below is only as good as the label list it checks against.
    labels = domain_labels()
    assert {"(a)", "(d)", "(f)", "b2", "c4", "d1", "d2", "d3"} <= labels
    assert cited_labels("see docs/domain.md b1, b4 and (d); V4") == ["b1", "b4", "(d)"]


def test_no_path_points_outside_the_repository():
    found = [
        f"{name}:{line_of(text, match.start())}: {match.group(0)}"
        for name, text in tracked_text_files()
        for match in OUTSIDE_RE.finditer(text)
        if name != "tests/core/test_docs_links.py"
    ]
    assert not found, "paths outside the repository:\n" + "\n".join(found)


def test_markdown_links_stay_inside_the_repository_and_exist():
    broken = []
    for name, text in tracked_text_files():
        if not name.endswith(".md"):
            continue
        for match in MARKDOWN_LINK_RE.finditer(text):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # https:, mailto: ...
            path = (ROOT / name).parent / target
            where = f"{name}:{line_of(text, match.start())}: {target}"
            if not path.resolve().is_relative_to(ROOT):
                broken.append(f"{where} (outside the repository)")
            elif not path.exists():
                broken.append(f"{where} (missing)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_rule_citations_name_existing_sections_of_domain_md():
    labels = domain_labels()
    wrong = []
    for name, text in tracked_text_files():
        for match in BARE_CITATION_RE.finditer(text):
            wrong.append(
                f"{name}:{line_of(text, match.start())}: {match.group(0)!r} "
                "(write docs/domain.md)"
            )
        for match in CITATION_RE.finditer(text):
            for label in re.findall(LABEL, match.group(1)):
                if label.lower() not in labels:
                    wrong.append(
                        f"{name}:{line_of(text, match.start())}: no section "
                        f"{label!r} in docs/domain.md"
                    )
    assert not wrong, "\n".join(wrong)
