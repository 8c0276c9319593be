"""The fast path of the importer: new documents written in batches.

Wagtail's page API costs about 110 queries per new page (tree insert, three
saves, revision, publish action, audit log, reference index, search index), so
20,000 documents take an hour. A new imported document needs none of the
editor-facing steps (no workflow, comments, aliases or scheduled publishing),
so this writes the same rows in bulk: the tree, page and document rows
(``core.page_tree.bulk_add_children``, which also announces the new pages to
the citizens' search once committed), one published revision each, the
audit-log entries, the reference index and the search index. The result is
indistinguishable from a page published through the API, which
``tests/disclosure_pages/test_import.py`` and ``tests/core/test_page_tree.py``
check.

A batch is one transaction. Every document is validated before it is added
to a batch; if writing a batch still fails, the importer retries its
documents one by one on the slow path, so one bad document never takes the
others with it.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from core.page_tree import bulk_add_children, lock_parents
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage


def write_batch(
    *, column: DisclosureColumnPage, pages: list[DisclosureDocumentPage], user=None
) -> None:
    """Insert validated, unsaved document pages as live children of ``column``."""
    if not pages:
        return
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(DisclosureDocumentPage)
    with transaction.atomic():
        # The caller took the column's lock before the pre-publication steps
        # reserved the 索引号 (the page API's order: tree, then publication);
        # taking it again here is free and keeps write_batch safe on its own.
        lock_parents([column])
        for page in pages:
            page.translation_key = uuid.uuid4()
            page.content_type = document_type
            page.live = True
            page.has_unpublished_changes = False
            page.last_published_at = now
            page.latest_revision_created_at = now
            page.draft_title = page.title
            page.owner = user
        bulk_add_children({column: pages})

        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=document_type,
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
                    content_type=document_type,
                    page_id=page.pk,
                    label=page.title[:255],
                    action="wagtail.publish",
                    data={"imported": True, "source_id": page.source_id},
                    timestamp=now,
                    user=user,
                    revision=revision,
                    content_changed=True,
                )
                for page, revision in zip(pages, revisions, strict=True)
            ]
        )
        _index_references(
            pages, content_type=document_type, base_content_type=page_type
        )


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
