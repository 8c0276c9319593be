"""The rules of amend and repeal (docs/domain.md b10), as plain functions.

Used by the page form (errors on the editor's screen) and again by the
publication step (every path, against the database as it is then). Models are
looked up by name: the page type's form calls these functions, and the models
import that form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure_pages.choices import RelationKind
from disclosure_pages.docnumbers import parse_document_number


def _documents():
    return apps.get_model("disclosure_pages", "DisclosureDocumentPage")


def _relations():
    return apps.get_model("disclosure_pages", "DocumentRelation")


@dataclass(frozen=True)
class Declared:
    """One relation as the editor declared it (target resolved)."""

    kind: str
    target: object  # a DisclosureDocumentPage


def describe(document) -> str:
    """《title》（number）, as the pages and messages name a document."""
    if document.document_number:
        return f"《{document.title}》（{document.document_number}）"
    return f"《{document.title}》"


def resolve_number(number: str):
    """The live catalog document with document number ``number``, on any site.

    An unknown number is an error, not a relation kept as text: a relation
    that marks nothing would tell the public the old document is still valid.
    """
    parsed = parse_document_number(number)
    matches = list(
        _documents()
        .objects.live()
        .filter(document_number=parsed.text)
        .order_by("pk")[:2]
    )
    if not matches:
        raise ValidationError(
            _(
                "站群公开目录中没有发文字号为 %(number)s 的已发布文件，"
                "请核对文号或从目录中选择文件。"
            ),
            params={"number": parsed.text},
            code="unknown_number",
        )
    if len(matches) > 1:
        raise ValidationError(
            _("发文字号 %(number)s 对应多个已发布文件，请从目录中选择。"),
            params={"number": parsed.text},
            code="ambiguous_number",
        )
    return matches[0]


def in_force(*, today: datetime.date | None = None) -> Q:
    """Relations in force on ``today``: their document live, their date reached."""
    today = today or timezone.localdate()
    return Q(source__live=True, effective_from__lte=today)


def effect_exists(kind: str, *, today: datetime.date | None = None) -> Exists:
    """For a document queryset: a relation of ``kind`` to it is in force."""
    relations = _relations().objects.filter(in_force(today=today), kind=kind)
    return Exists(relations.filter(target=OuterRef("pk")))


def _live_relations():
    return _relations().objects.filter(source__live=True)


def _reaches(start_ids: set[int], goal: int, *, skip_source: int | None) -> bool:
    """Whether the live relations lead from ``start_ids`` to ``goal`` (cycle)."""
    seen: set[int] = set()
    frontier = set(start_ids)
    while frontier:
        if goal in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                _live_relations()
                .filter(source_id__in=frontier, target__isnull=False)
                .exclude(source_id=skip_source)
                .values_list("target_id", flat=True)
            )
            - seen
        )
    return False


def relation_errors(
    *, source_pk: int | None, declared: list[Declared]
) -> list[tuple[int, str]]:
    """Why the ``declared`` relations of document ``source_pk`` cannot stand,
    as (position in ``declared``, reason).

    A document cannot amend or repeal itself, a document not live, or one
    document twice; relations never form a cycle; a document repealed by a live
    document cannot be repealed again or amended (the first repeal stands).
    """
    errors: list[tuple[int, str]] = []
    seen: set[int] = set()
    for position, item in enumerate(declared):
        target = item.target
        name = describe(target)
        if source_pk is not None and target.pk == source_pk:
            errors.append((position, _("文件不能修改或废止自身。")))
            continue
        if not target.live:
            # Not named: a draft of another site is not the editor's to read.
            message = _("所选文件尚未发布，只能修改或废止已发布的文件。")
            errors.append((position, message))
            continue
        if target.pk in seen:
            message = _("%(name)s重复列出，每个文件只能声明一次。")
            errors.append((position, message % {"name": name}))
            continue
        seen.add(target.pk)
        repeal = (
            _live_relations()
            .filter(target_id=target.pk, kind=RelationKind.REPEALS)
            .exclude(source_id=source_pk)
            .select_related("source")
            .first()
        )
        if repeal is not None:
            errors.append(
                (
                    position,
                    _("%(name)s已被%(by)s废止，不能再次废止或修改。")
                    % {"name": name, "by": describe(repeal.source)},
                )
            )
            continue
        if source_pk is not None and _reaches(
            {target.pk}, source_pk, skip_source=source_pk
        ):
            errors.append(
                (
                    position,
                    _(
                        "%(name)s已声明修改或废止本文件（或经其他文件间接如此），"
                        "文件之间不能循环修改或废止。"
                    )
                    % {"name": name},
                )
            )
    return errors


def check_relations(*, source_pk: int | None, declared: list[Declared]) -> None:
    """Raise ValidationError with every reason ``relation_errors`` finds."""
    errors = relation_errors(source_pk=source_pk, declared=declared)
    if errors:
        raise ValidationError([message for _position, message in errors])


def resolve_row(row) -> None:
    """Fill a relation row's target from its document number, or its number
    from its target; a number that names another document than the one
    chosen is an error. ``row`` is a ``DocumentRelation`` (unsaved or not)."""
    number = (row.target_number or "").strip()
    if row.target is None:
        if not number:
            raise ValidationError(
                _("请从目录中选择被修改或废止的文件，或填写其发文字号。"),
                code="no_target",
            )
        row.target = resolve_number(number)
    elif number:
        parsed = parse_document_number(number)
        if parsed.text != row.target.document_number:
            raise ValidationError(
                _("填写的发文字号 %(number)s 与所选文件%(name)s不一致。"),
                params={"number": parsed.text, "name": describe(row.target)},
                code="number_mismatch",
            )
    row.target_number = row.target.document_number


def declared_relations(rows) -> list[Declared]:
    """The rows as declarations, their targets resolved (raises on the first
    row that names no document)."""
    declared = []
    for row in rows:
        resolve_row(row)
        declared.append(Declared(kind=row.kind, target=row.target))
    return declared
