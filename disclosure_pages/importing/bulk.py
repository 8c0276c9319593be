"""The fast path of the importer: new documents written in batches.

Wagtail's page API costs about 110 queries per new page (tree insert, three
saves, revision, publish action, audit log, reference index, search index), so
20,000 documents take an hour. A new imported document needs none of the
editor-facing steps (no workflow, comments, aliases or scheduled publishing),
so this writes the same rows in bulk: the tree paths (treebeard materialised
paths, numchild of the column), the page and document rows, one published
revision each, the audit-log entries, the reference index and the search
index. The result is indistinguishable from a page published through the API,
which ``tests/disclosure_pages/test_import.py`` checks.

A batch is one transaction. Every document is validated before it is added
to a batch; if writing a batch still fails, the importer retries its
documents one by one on the slow path, so one bad document never takes the
others with it.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

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
        # Lock the column row: concurrent inserts under it would race for paths.
        column_row = Page.objects.select_for_update().get(pk=column.pk)
        last = (
            Page.objects.filter(
                path__startswith=column_row.path, depth=column_row.depth + 1
            )
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        position = Page._str2int(last[-Page.steplen :]) if last else 0
        for page in pages:
            position += 1
            page.path = Page._get_path(column_row.path, column_row.depth + 1, position)
            page.depth = column_row.depth + 1
            page.numchild = 0
            page.url_path = f"{column_row.url_path}{page.slug}/"
            page.locale_id = column_row.locale_id
            page.translation_key = uuid.uuid4()
            page.content_type = document_type
            page.live = True
            page.has_unpublished_changes = False
            page.last_published_at = now
            page.latest_revision_created_at = now
            page.draft_title = page.title
            page.owner = user

        insert_page_rows(DisclosureDocumentPage, pages)
        Page.objects.filter(pk=column_row.pk).update(
            numchild=F("numchild") + len(pages)
        )
        column.numchild = column_row.numchild + len(pages)

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


def insert_page_rows(model, pages: list) -> None:
    """Insert the base ``Page`` rows, then the ``model`` rows, of unsaved pages
    whose tree fields (path, depth, url_path…) are set; gives them their ids.
    Also used by the repost writer (reposting.services)."""
    base_rows = Page.objects.bulk_create(
        [
            Page(
                **{
                    field.attname: getattr(page, field.attname)
                    for field in Page._meta.concrete_fields
                    if field.attname != "id"
                }
            )
            for page in pages
        ]
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.id = page.page_ptr_id = row.id
    insert_child_rows(model, pages)


def insert_child_rows(model, pages: list) -> None:
    """Write the child-table rows of pages whose base ``Page`` rows exist.

    Django's bulk_create cannot write multi-table-inheritance children; the
    child table is written with one executemany, values prepared by the fields.
    """
    fields = model._meta.local_concrete_fields
    table = model._meta.db_table
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
            f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
            rows,
        )
