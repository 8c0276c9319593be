"""The one bulk writer of new pages in the page tree.

``Page.add_child`` inserts one page per call: a treebeard insert under a
locked parent, then Wagtail's saves and signals, tens of queries a page. The
importer's fast path and reposting create hundreds of pages at once, so they
add them here in a few queries: the parents are locked (as treebeard locks
its parent row), each new page gets the next materialised path after its
parent's last child, the depth, url_path and locale ``add_child`` would give
it, the base ``Page`` rows and the specific rows are inserted in bulk, and
each parent's numchild goes up by the number of its new children. The result
is the tree ``add_child`` builds (``tests/core/test_page_tree.py`` compares
them). Revisions, audit log and publication are the caller's business.

Treebeard's private path helpers (``_get_path``, ``_str2int``) are called from
this module only: its public API adds one node per call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from treebeard.exceptions import PathOverflow
from wagtail.models import Page

from core.signals import pages_bulk_added


def lock_parents(parents: Iterable[Page]) -> dict[int, Page]:
    """Lock the parent rows until the transaction ends; fresh rows by id.

    Call it inside ``transaction.atomic`` before checks that must hold until
    the children are added (free slugs, index numbers). Rows are locked in id
    order, so two writers sharing parents never wait on each other in a cycle.
    """
    rows = (
        Page.objects.select_for_update()
        .filter(pk__in=[parent.pk for parent in parents])
        .order_by("pk")
        .only("id", "path", "depth", "numchild", "url_path", "locale_id")
    )
    return {row.pk: row for row in rows}


def bulk_add_children(children_by_parent: Mapping[Page, list[Page]]) -> list[Page]:
    """Add unsaved pages as the last children of their parents, in list order.

    Sets path, depth, numchild and url_path (and locale, draft_title when
    unset) as ``Page.add_child`` would, inserts the rows (pages of any page
    model, mixed), updates each parent's numchild in the database and on the
    object passed. Sends ``core.signals.pages_bulk_added`` once the
    transaction commits. Returns the pages, now saved.
    """
    pages = [page for children in children_by_parent.values() for page in children]
    if not pages:
        return []
    with transaction.atomic():
        parents = lock_parents(children_by_parent)
        last_paths = _last_child_paths(parents.values())
        added: dict[int, list[int]] = defaultdict(list)  # count -> parent ids
        for parent, children in children_by_parent.items():
            row = parents[parent.pk]
            last = last_paths.get(row.pk)
            position = Page._str2int(last[-Page.steplen :]) if last else 0
            for page in children:
                position += 1
                _place(page, row, position)
            if children:
                added[len(children)].append(row.pk)
                parent.numchild = row.numchild + len(children)
        _insert_rows(pages)
        for count, parent_ids in added.items():
            Page.objects.filter(pk__in=parent_ids).update(
                numchild=F("numchild") + count
            )
        transaction.on_commit(lambda: pages_bulk_added.send(sender=Page, pages=pages))
    return pages


def _last_child_paths(parents: Iterable[Page]) -> dict[int, str]:
    """Each locked parent's last child path (absent for a leaf), one query.

    Read after the lock, so children a concurrent writer committed are seen.
    The path range keeps the per-parent lookup on the path index.
    """
    last_child = (
        Page.objects.filter(
            depth=OuterRef("depth") + 1,
            path__gte=Concat(OuterRef("path"), Value(Page.alphabet[0] * Page.steplen)),
            path__lte=Concat(OuterRef("path"), Value(Page.alphabet[-1] * Page.steplen)),
        )
        .order_by("-path")
        .values("path")[:1]
    )
    rows = (
        Page.objects.filter(pk__in=[parent.pk for parent in parents])
        .annotate(last=Subquery(last_child))
        .values_list("pk", "last")
    )
    return {pk: last for pk, last in rows if last}


def _place(page: Page, parent: Page, position: int) -> None:
    if not page._state.adding:
        raise ValueError(f"{page!r} is saved already: only new pages are added.")
    page.path = Page._get_path(parent.path, parent.depth + 1, position)
    if len(page.path) != len(parent.path) + Page.steplen or len(page.path) > (
        Page._meta.get_field("path").max_length
    ):
        raise PathOverflow(f"No room for another child under {parent.path}")
    page.depth = parent.depth + 1
    page.numchild = 0
    page.url_path = f"{parent.url_path}{page.slug}/"
    if page.locale_id is None:
        page.locale_id = parent.locale_id
    if not page.draft_title:
        page.draft_title = page.title


def _insert_rows(pages: list[Page]) -> None:
    """The base ``Page`` rows in one insert, then each page model's rows.

    Django's bulk_create cannot write multi-table-inheritance children, so the
    base rows go through it and each model's table gets one executemany.
    """
    base_fields = [f for f in Page._meta.concrete_fields if f.attname != "id"]
    rows = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(page, f.attname) for f in base_fields})
            for page in pages
        ]
    )
    by_model: dict[type, list[Page]] = defaultdict(list)
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.id
        by_model[type(page)].append(page)
    for model, group in by_model.items():
        if model is Page:
            continue
        if model._meta.get_parent_list() != [Page]:
            # Every page model of the project subclasses Page directly.
            raise NotImplementedError(f"{model.__name__}: one table below Page only")
        _insert_table(model, group)
    for page in pages:
        page._state.adding = False
        page._state.db = connection.alias


def _insert_table(model, pages: list[Page]) -> None:
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = [
        [
            field.get_db_prep_save(getattr(page, field.attname), connection=connection)
            for field in fields
        ]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
            f"VALUES ({placeholders})",
            rows,
        )
