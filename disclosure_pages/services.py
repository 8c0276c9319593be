"""Writes of the disclosure catalog: index numbers, the publication guard, and
the publication of amend/repeal relations."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from disclosure_pages.amendments import check_relations, declared_relations
from disclosure_pages.choices import RelationKind
from disclosure_pages.codes import format_index_number
from disclosure_pages.models import (
    DisclosureDocumentPage,
    DocumentRelation,
    IndexNumberCounter,
    Organization,
)
from disclosure_pages.models.pages import PUBLISH_CLOCK_SKEW
from disclosure_pages.signals import relations_changed

# Index numbers that records still to be imported carry: generated numbers skip
# them, or an earlier record of the file would take a later record's number.
_held_index_numbers: ContextVar[frozenset[str]] = ContextVar(
    "held_index_numbers", default=frozenset()
)


@contextmanager
def holding_index_numbers(numbers: Iterable[str]):
    """Within the block, never generate any of ``numbers``."""
    token = _held_index_numbers.set(frozenset(numbers))
    try:
        yield
    finally:
        _held_index_numbers.reset(token)


def next_index_number(*, organization: Organization, year: int) -> str:
    """Reserve the next free index number of ``organization`` for ``year``."""
    return reserve_index_numbers(organization=organization, year=year, count=1)[0]


def reserve_index_numbers(
    *, organization: Organization, year: int, count: int
) -> list[str]:
    """Reserve the next ``count`` free index numbers of ``organization`` for ``year``.

    The counter row is locked (SELECT … FOR UPDATE) until the surrounding
    transaction ends, so concurrent publications of one organisation queue up
    instead of drawing the same serial. Numbers already taken (imported
    documents, numbers typed before publication, numbers an import holds for
    its later records) are skipped.
    """
    if not organization.index_prefix:
        raise ValidationError(
            _("发布机构“%(name)s”没有机构代码，无法生成索引号。"),
            params={"name": organization.name},
        )
    numbers: list[str] = []
    with transaction.atomic():
        counter, _created = (
            IndexNumberCounter.objects.select_for_update().get_or_create(
                organization=organization, year=year
            )
        )
        serial = counter.last_serial
        while len(numbers) < count:
            wanted = count - len(numbers)
            candidates = [
                format_index_number(
                    prefix=organization.index_prefix, year=year, serial=serial + i
                )
                for i in range(1, wanted + 1)
            ]
            serial += wanted
            taken = set(
                DisclosureDocumentPage.objects.filter(
                    index_number__in=candidates
                ).values_list("index_number", flat=True)
            )
            taken.update(_held_index_numbers.get().intersection(candidates))
            numbers.extend(c for c in candidates if c not in taken)
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
    return numbers


def assign_index_number(
    *, page: DisclosureDocumentPage, when: datetime.datetime | None = None
) -> str:
    """Give ``page`` its index number if it has none; never changes an existing one."""
    if page.index_number:
        return page.index_number
    if not page.organization_id:
        raise ValidationError(_("请先选择发布机构，索引号由发布机构代码生成。"))
    year = timezone.localtime(when or timezone.now()).year
    number = next_index_number(organization=page.organization, year=year)
    DisclosureDocumentPage.objects.filter(pk=page.pk).update(index_number=number)
    page.index_number = number
    return number


def prepare_publication(*, page: DisclosureDocumentPage, revision) -> None:
    """Checks and assignments that run inside every publication of a document.

    ``page`` is the object being published (the revision's content on the
    stored page); Wagtail saves it as the live row. A pre-publication step of
    the publication pipeline (``disclosure_pages.wagtail_hooks``).
    """
    if page.go_live_at and page.go_live_at > timezone.now():
        return  # scheduled: runs again when the scheduler publishes it
    stored = (
        DisclosureDocumentPage.objects.filter(pk=page.pk)
        .values("first_published_at", "last_published_at", "live_revision_id")
        .first()
    )
    if (
        stored
        and stored["first_published_at"]
        and not page.imported
        and stored["live_revision_id"] is None
        and stored["last_published_at"] is None
        and stored["first_published_at"] < timezone.now() - PUBLISH_CLOCK_SKEW
    ):
        # Written behind the page's back (e.g. a queryset update): never publish it.
        raise ValidationError(_("发布日期只能是真实的首次发布时间，不能倒填。"))
    if page.index_number:
        return
    number = assign_index_number(
        page=page, when=page.first_published_at if page.imported else None
    )
    # The admin publishes the revision it has just saved: record the number in
    # it too, so the published revision and the live row agree.
    revision.content["index_number"] = number
    revision.save(update_fields=["content"])


def assign_index_numbers_in_bulk(pages: list[DisclosureDocumentPage]) -> None:
    """Number unsaved documents written as live rows in bulk (the importer's
    fast path), by the year of their publication date. The bulk form of
    ``prepare_publication``: runs in the caller's write transaction."""
    wanted: dict[tuple, list[DisclosureDocumentPage]] = defaultdict(list)
    for page in pages:
        if not page.index_number:
            year = timezone.localtime(page.first_published_at).year
            wanted[(page.organization_id, year)].append(page)
    for (_org_id, year), group in wanted.items():
        numbers = reserve_index_numbers(
            organization=group[0].organization, year=year, count=len(group)
        )
        for page, number in zip(group, numbers, strict=True):
            page.index_number = number


# --- Amend and repeal (docs/domain.md b10) -----------------------------------------

# Audit-log actions, on the declaring document and on its target.
AMENDS_ACTION = "disclosure.amends"
REPEALS_ACTION = "disclosure.repeals"
AMENDED_BY_ACTION = "disclosure.amended_by"
REPEALED_BY_ACTION = "disclosure.repealed_by"
RELATION_WITHDRAWN_ACTION = "disclosure.relation_withdrawn"
RELATION_LAPSED_ACTION = "disclosure.relation_lapsed"

_DECLARED_ACTIONS = {
    RelationKind.AMENDS: (AMENDS_ACTION, AMENDED_BY_ACTION),
    RelationKind.REPEALS: (REPEALS_ACTION, REPEALED_BY_ACTION),
}


def relation_effective_from(page: DisclosureDocumentPage) -> datetime.date:
    """When a document's relations take effect: its 生效日期, else the day
    it was (or is being) first published."""
    if page.effective_date:
        return page.effective_date
    return timezone.localdate(page.first_published_at or timezone.now())


def _in_force_pairs(page_pk: int | None) -> dict[tuple[str, int], datetime.date | None]:
    """The live relations document ``page_pk`` declares, as stored now."""
    if page_pk is None:
        return {}
    return {
        (kind, target_id): effective
        for kind, target_id, effective in DocumentRelation.objects.filter(
            source_id=page_pk, source__live=True, target__isnull=False
        ).values_list("kind", "target_id", "effective_from")
    }


def _log_relation(*, action: str, instance, other, kind: str, effective) -> None:
    log(
        instance=instance,
        action=action,
        data={
            "kind": kind,
            "document": {
                "id": other.pk,
                "title": other.title,
                "number": other.document_number,
            },
            "effective_from": effective.isoformat() if effective else "",
        },
    )


def prepare_relations(*, page: DisclosureDocumentPage, revision) -> None:
    """The amend/repeal step of every publication of a document.

    Resolves and checks the declared relations against the catalog as it is
    now (a draft may be stale), dates them, records in the audit log of both
    documents what starts or ends, and announces the targets whose 有效性
    changes (``relations_changed``: search entries follow).
    """
    if page.go_live_at and page.go_live_at > timezone.now():
        return  # scheduled: runs again when the scheduler publishes it
    rows = list(page.relations.all())
    check_relations(source_pk=page.pk, declared=declared_relations(rows))
    effective = relation_effective_from(page)
    for row in rows:
        row.effective_from = effective
    before = _in_force_pairs(page.pk)
    after = {(row.kind, row.target.pk): row for row in rows}
    for (kind, target_id), row in after.items():
        if before.get((kind, target_id), "absent") == effective:
            continue  # unchanged: a re-publication logs nothing
        source_action, target_action = _DECLARED_ACTIONS[kind]
        _log_relation(
            action=source_action, instance=page, other=row.target,
            kind=kind, effective=effective,
        )  # fmt: skip
        _log_relation(
            action=target_action, instance=row.target, other=page,
            kind=kind, effective=effective,
        )  # fmt: skip
    gone = [pair for pair in before if pair not in after]
    _log_withdrawn(page=page, pairs=gone, action=RELATION_WITHDRAWN_ACTION)
    changed = {target_id for _kind, target_id in [*before, *after]}
    if changed:
        relations_changed.send(sender=DisclosureDocumentPage, page_ids=sorted(changed))


def _log_withdrawn(*, page, pairs, action: str) -> None:
    targets = DisclosureDocumentPage.objects.in_bulk(
        [target_id for _kind, target_id in pairs]
    )
    for kind, target_id in pairs:
        target = targets.get(target_id)
        if target is None:
            continue
        _log_relation(
            action=action, instance=page, other=target, kind=kind, effective=None
        )
        _log_relation(
            action=action, instance=target, other=page, kind=kind, effective=None
        )


def relations_lapsed(*, page: DisclosureDocumentPage) -> list[int]:
    """The document was unpublished: what it amended or repealed is restored.

    Called after Wagtail has unpublished ``page`` (its rows stay, out of
    force); logs the end on both documents and announces the targets.
    """
    pairs = list(
        DocumentRelation.objects.filter(
            source_id=page.pk, target__isnull=False
        ).values_list("kind", "target_id")
    )
    if not pairs:
        return []
    _log_withdrawn(page=page, pairs=pairs, action=RELATION_LAPSED_ACTION)
    changed = sorted({target_id for _kind, target_id in pairs})
    relations_changed.send(sender=DisclosureDocumentPage, page_ids=changed)
    return changed
