"""The government abbreviations shipped with the product
(``search/dictionaries/abbreviations.txt``), as synonym groups.

Loaded once by a data migration into ``SynonymGroup``, which the office edits
afterwards; the functions take the model as an argument so the migration can
pass its historical one.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

PATH = Path(__file__).resolve().parent / "dictionaries" / "abbreviations.txt"
# Marks the groups this file added: the reverse migration removes only those.
NOTE = "政务常用简称（随产品提供）"
# As search.models.split_terms (kept apart so the migration does not depend
# on the current models module).
_TERM_SPLIT_RE = re.compile(r"[/／,，、;；\s]+")


def terms_of(line: str) -> list[str]:
    terms: list[str] = []
    for term in _TERM_SPLIT_RE.split(unicodedata.normalize("NFKC", line or "")):
        term = term.strip()
        if term and term not in terms:
            terms.append(term)
    return terms


def groups_in_file(path: Path = PATH) -> list[str]:
    """The groups of the file as written (comments and blank lines left out)."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and len(terms_of(line)) >= 2:
            groups.append(line)
    return groups


def _known(model) -> list[set[str]]:
    return [
        {term.lower() for term in terms_of(terms)}
        for terms in model.objects.values_list("terms", flat=True)
    ]


def load(model, path: Path = PATH) -> int:
    """Add the file's groups that the office does not have yet (a group whose
    terms all belong to one existing group is not added again)."""
    known = _known(model)
    new = []
    for line in groups_in_file(path):
        terms = {term.lower() for term in terms_of(line)}
        if any(terms <= group for group in known):
            continue
        known.append(terms)
        new.append(model(terms=line, note=NOTE, enabled=True))
    model.objects.bulk_create(new)
    return len(new)


def unload(model, path: Path = PATH) -> int:
    """Remove the groups ``load`` added and nobody edited since."""
    deleted, _by_model = model.objects.filter(
        note=NOTE, terms__in=groups_in_file(path)
    ).delete()
    return deleted
