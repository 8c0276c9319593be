"""New pages written live in batches, as the page API would have published them.

Wagtail's page API costs about 110 queries per new page (tree insert, three
saves, revision, publish action, audit log, reference index, search index).
An imported page needs none of the editor-facing steps (no workflow, comments,
aliases or scheduled publishing), so importers of every page type write the
same rows in bulk here: the tree, page and specific rows
(``core.page_tree.bulk_add_children``, which also announces the new pages to
the citizens' search once committed), one published revision each, the
audit-log entries and the reference index. ``tests/disclosure_pages/test_import.py``
and ``tests/core/test_page_tree.py`` check the result is indistinguishable from
pages published through the API.

A batch is one transaction. Callers validate every page before adding it to a
batch and, if writing a batch still fails, retry its pages one by one on the
page API, so one bad record never takes the others with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail import hooks
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from core.page_tree import bulk_add_children, lock_parents


def publish_new_children(
    *,
    parent: Page,
    pages: list[Page],
    user=None,
    log_data: Callable[[Page], dict] | None = None,
) -> None:
    """Insert validated, unsaved pages of one specific type as live children
    of ``parent``. ``log_data(page)`` is the audit entry's data (the import's
    source id, for instance)."""
    if not pages:
        return
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(Page)
    specific_type = ContentType.objects.get_for_model(type(pages[0]))
    for page in pages:
        _prepare_children(page)
    with transaction.atomic():
        # The caller may have taken the parent's lock before pre-publication
        # steps reserved numbers (the page API's order: tree, then
        # publication); taking it again is free and keeps this safe on its own.
        lock_parents([parent])
        for page in pages:
            page.translation_key = uuid.uuid4()
            page.content_type = specific_type
            page.live = True
            page.has_unpublished_changes = False
            page.last_published_at = now
            page.latest_revision_created_at = now
            page.draft_title = page.title
            page.owner = user
        bulk_add_children({parent: pages})

        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=specific_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    content=page.serializable_data(),
                    object_str=page.title[:255],
                    user=user,
                    created_at=now,
                )
                for page in pages
            ]
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
        Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=specific_type,
                    page_id=page.pk,
                    label=page.title[:255],
                    action="wagtail.publish",
                    data=log_data(page) if log_data else {},
                    timestamp=now,
                    user=user,
                    revision=revision,
                    content_changed=True,
                )
                for page, revision in zip(pages, revisions, strict=True)
            ]
        )
        _index_references(
            pages, content_type=specific_type, base_content_type=page_type
        )


def _prepare_children(page: Page) -> None:
    # A new page has no child rows: the relations the caller did not fill are
    # empty in memory, so the revision and the reference index read them
    # without a query per page and relation. Those it filled are numbered as
    # ClusterableModel.save numbers them, before the revision records them.
    loaded = getattr(page, "_cluster_related_objects", {})
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if name not in loaded:
            setattr(page, name, [])
            continue
        order_field = getattr(relation.related_model, "sort_order_field", None)
        if order_field:
            for position, item in enumerate(getattr(page, name).all()):
                setattr(item, order_field, position)


def write_child_relations(pages: list[Page], names: tuple[str, ...]) -> None:
    """The rows of the named child relations (tags, source links) the pages
    hold in memory, one INSERT per relation, after ``publish_new_children``
    (which numbered them): what ``ClusterableModel.save`` writes."""
    for name in names:
        relation = pages[0]._meta.get_field(name)
        model = relation.related_model
        parent_field = relation.field.name
        rows = []
        for page in pages:
            items = list(getattr(page, name).all())
            for item in items:
                setattr(item, parent_field, page)
            rows.extend(items)
        model.objects.bulk_create(rows)


def _index_references(pages, *, content_type, base_content_type) -> None:
    # What ReferenceIndex.create_or_update_for_object writes for an object that
    # has no references yet, for the whole batch in one INSERT.
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


# --- the publication checks, provided by the publishing app ------------------

GATE_HOOK = "register_bulk_publication_gate"


@dataclass(frozen=True)
class PublicationGate:
    """What a bulk writer runs for pages it publishes itself.

    ``check(page, user=)`` raises when the page may not be published;
    ``bulk_steps(pages)`` runs inside the write transaction; ``scope()`` keeps
    the audit entries of refused publications past the caller's rollback;
    ``blocked`` the exception a refused publication raises (its message says
    why, in Chinese).
    Apps below ``publishing`` reach them through the ``GATE_HOOK`` hook.
    """

    check: Callable = lambda page, user=None: None
    bulk_steps: Callable[[list], None] = lambda pages: None
    scope: Callable = nullcontext
    blocked: tuple[type[Exception], ...] = ()


def publication_gate() -> PublicationGate:
    for fn in hooks.get_hooks(GATE_HOOK):
        return fn()
    # Never publish unchecked: without the publishing app there is no gate.
    raise ImproperlyConfigured(f"No {GATE_HOOK} hook: is `publishing` installed?")
