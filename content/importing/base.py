"""The loop every page importer of a site migration shares (#19).

A subclass names its page type and column type and turns one record into
field values (``read``) and, for files, into what it stores (``attach``).
This class does the rest, the same for every type:

* every problem of a record is collected with its field; a record with an
  error writes nothing (``core.importfiles.RecordInvalid``);
* idempotency by ``source_id`` within ``section_root``'s own pages (not those
  of a sub-site inside it): a re-run updates, never duplicates;
* a new page keeps the record's ``published_at`` as its first publication
  and is marked imported; an update keeps (or corrects) that original date;
* new records are written in batches per column with
  ``core.bulk_publish.publish_new_children``: their files are stored first
  and the rows beside them (tags, source links: ``child_relations``) written
  with the batch; a batch that fails is redone one record per transaction, on
  the page API, so the culprit is reported. Updates take the page API too.
  Files stored for a record (or a batch) that fails are deleted again;
* ``dry_run``: files are checked but not stored and the Wagtail search index
  is not written (the caller rolls the rows back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import COMMENTS_RELATION_NAME, Page

from content.importing.files import PackageFiles
from content.importing.records import RecordReader
from core.bulk_publish import (
    publication_gate,
    publish_new_children,
    write_child_relations,
)
from core.importfiles import LineError, RecordInvalid, RecordProblem, TypeReport
from core.search_index import deferred_search_index
from core.slugs import deduplicate_child_slugs, free_child_slug
from site_registry.selectors import own_pages

logger = logging.getLogger(__name__)

# Set by publish_new_children itself or known valid by construction.
BULK_UNCHECKED_FIELDS = [
    "path", "depth", "url_path", "numchild", "translation_key", "locale",
    "content_type", "owner", "live_revision", "latest_revision", "locked_by",
    "alias_of", "page_ptr", "draft_title", "slug",
]  # fmt: skip


class PageImporter:
    """Creates or updates pages of one type under the columns of a (sub-)site."""

    kind = ""
    model: type[Page]
    column_models: tuple[type[Page], ...] = ()
    # Whether a record without ``published_at`` is worth a warning.
    dated = True
    # Foreign keys the search index reads (joined when indexing in bulk).
    index_related: tuple[str, ...] = ()
    known_keys: set[str] = set()
    # Child relations ``attach`` fills in memory (tags, source links): written
    # after a bulk batch, as the page API's save would have.
    child_relations: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        section_root: Page,
        columns: Callable[[str], Page],
        base_dir: Path | None,
        user=None,
        strict: bool = False,
        dry_run: bool = False,
        bulk: bool = True,
        batch_size: int = 200,
        resolve_url: Callable[[str], Page | None] | None = None,
    ):
        self.section_root = section_root
        self.columns = columns
        self.user = user
        self.strict = strict
        self.dry_run = dry_run
        self.bulk = bulk
        self.batch_size = batch_size
        # Old and platform URLs to pages (the run's); used by types that link.
        self.resolve_url = resolve_url or (lambda url: None)
        self.files = PackageFiles(base_dir, user=user, dry_run=dry_run)
        self.gate = publication_gate()
        self._existing: dict[str, int] | None = None

    # --- what a subclass provides ------------------------------------------------

    def read(self, reader: RecordReader) -> dict:
        """The record's own field values (besides title and dates)."""
        raise NotImplementedError

    def attach(self, page: Page, values: dict, reader: RecordReader) -> None:
        """Store the record's files and put them on ``page`` (slow path only);
        problems go to ``reader``."""

    def after_save(self, page: Page, values: dict) -> None:
        """Rows beside the page, once it has its primary key (slow path)."""

    def store_image(self, reader: RecordReader, field: str, path: str, *, title: str):
        """The stored image of ``path`` (None in a dry run or when it fails:
        the problem is the record's, on ``field``)."""
        try:
            return self.files.image(path, title=title)
        except (LineError, ValidationError) as error:
            reader.error(field, _file_reason(error))
            return None

    def store_document(
        self, reader: RecordReader, field: str, path: str, *, title: str
    ):
        try:
            return self.files.document(path, title=title)
        except (LineError, ValidationError) as error:
            reader.error(field, _file_reason(error))
            return None

    # --- the loop -------------------------------------------------------------

    def run(self, items: Iterable[tuple[int | str, object]], *, progress=None):
        self.report = TypeReport(kind=self.kind)
        self._batches: dict[int, tuple[Page, list]] = {}
        self._batch_keys: set[str] = set()
        with deferred_search_index(
            self.model, related=self.index_related, enabled=not self.dry_run
        ) as pending:
            self._pending = pending
            for line, data in items:
                self._one(line, data)
                if progress is not None:
                    progress.update(1)
            self._flush()
        return self.report

    def _one(self, line, data) -> None:
        try:
            record = self._parse(data)
        except RecordInvalid as error:
            self._fail(line, error.problems)
            return
        for field, message in record["warnings"]:
            self.report.problems.append(
                RecordProblem(line, field, message, warning=True)
            )
        if record["source_id"] in self._batch_keys:
            self._flush()  # the earlier occurrence must exist first
        existing = self._existing_id(record["source_id"])
        if existing is None and self.bulk:
            try:
                page = self._build_new(record)
            except RecordInvalid as error:
                self.files.discard(rows=True)
                self._fail(line, error.problems)
                return
            record["files"] = self.files.take()
            column = record["column"]
            self._batches.setdefault(column.pk, (column, []))[1].append(
                (line, page, record)
            )
            self._batch_keys.add(record["source_id"])
            if len(self._batch_keys) >= self.batch_size:
                self._flush()
            return
        self._slow(line, record, existing)

    def _parse(self, data) -> dict:
        if isinstance(data, Exception):
            raise RecordInvalid([("", str(data))])
        if not isinstance(data, dict):
            raise RecordInvalid([("", _("每行应为一个 JSON 对象。"))])
        reader = RecordReader(data, strict=self.strict)
        reader.unknown_keys(self.known_keys)
        source_id = reader.source_id()
        old_url = reader.old_url()
        title = reader.text("title", limit=255, required=True)
        published_at = reader.published_at(required=self.dated)
        column = self._column(reader)
        values = self.read(reader)
        reader.raise_if_invalid()
        return {
            "source_id": source_id,
            "old_url": old_url,
            "title": title,
            "published_at": published_at,
            "column": column,
            "values": values,
            "warnings": reader.warnings,
            "reader": reader,
        }

    def _column(self, reader: RecordReader) -> Page | None:
        ref = reader.text("column", limit=255, required=True)
        if not ref:
            return None
        try:
            column = self.columns(ref)
        except LineError as error:
            reader.error("column", str(error))
            return None
        column = column.specific
        if not isinstance(column, self.column_models):
            reader.error(
                "column",
                _("栏目“%(ref)s”是“%(type)s”，不能放入%(kind)s。")
                % {
                    "ref": ref,
                    "type": column.get_verbose_name(),
                    "kind": self.model._meta.verbose_name,
                },
            )
            return None
        return column

    def _fail(self, line, problems) -> None:
        self.report.failed += 1
        for field, message in problems:
            self.report.problems.append(RecordProblem(line, field, str(message)))

    def _written(self, record: dict, page_id: int, outcome: str) -> None:
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)
        self.report.written.append((record["source_id"], page_id, record["old_url"]))
        self._pending.add(page_id)
        if self._existing is not None:
            self._existing[record["source_id"]] = page_id

    # --- idempotency ----------------------------------------------------------

    def _existing_id(self, source_id: str) -> int | None:
        if self._existing is None:
            # Loaded once: one query per record would dominate a large import.
            rows = own_pages(
                self.model.objects.exclude(source_id=""), self.section_root
            ).values_list("source_id", "pk")
            self._existing = dict(rows.order_by("-pk"))
        return self._existing.get(source_id)

    # --- the page ---------------------------------------------------------------

    def _new_page(self, record: dict) -> Page:
        page = self.model(
            title=record["title"],
            draft_title=record["title"],
            source_id=record["source_id"],
            imported=True,
            imported_at=timezone.now(),
            first_published_at=record["published_at"] or timezone.now(),
            live=False,
            owner=self.user,
        )
        self._apply(page, record)
        return page

    def _apply(self, page: Page, record: dict) -> None:
        page.title = page.draft_title = record["title"]
        for name, value in record["values"].items():
            if not name.startswith("_"):
                setattr(page, name, value)

    def _base_slug(self, record: dict) -> str:
        return (
            slugify(record["source_id"], allow_unicode=False)[:60]
            or f"item-{abs(hash(record['source_id'])) % 10**8}"
        )

    def _build_new(self, record: dict) -> Page:
        """A validated, unsaved page for the bulk path (no queries but lookups)."""
        page = self._new_page(record)
        page.slug = self._base_slug(record)
        setattr(page, COMMENTS_RELATION_NAME, [])
        reader = record["reader"]
        reader.problems = []
        # Files are stored now, outside the batch: the batch's own transaction
        # stays short. Their rows are deleted again if the record fails.
        self.attach(page, record["values"], reader)
        problems: list[tuple[str, str]] = list(reader.errors)
        try:
            page.clean_fields(exclude=BULK_UNCHECKED_FIELDS)
        except ValidationError as error:
            problems += _problems(error)
        try:
            self._clean_model(page)
        except ValidationError as error:
            problems += _problems(error)
        if not problems:
            try:
                # The bulk path writes live rows past Wagtail's publish action:
                # the checks of every publication, before any transaction.
                self.gate.check(page, user=self.user)
            except self.gate.blocked as error:
                problems += _problems(error)
        if problems:
            raise RecordInvalid(problems)
        return page

    def _clean_model(self, page: Page) -> None:
        # Page.clean checks the slug against the tree the page is not in yet
        # (the batch makes it unique); the rest of the type's clean() runs.
        page._check_slug_is_unique = lambda: None
        try:
            page.clean()
        finally:
            del page._check_slug_is_unique

    def _flush(self) -> None:
        batches, self._batches, self._batch_keys = self._batches, {}, set()
        for column, entries in batches.values():
            self._flush_column(column, entries)

    def _flush_column(self, column: Page, entries: list) -> None:
        pages = [page for _line, page, _record in entries]
        deduplicate_child_slugs(column, pages)
        try:
            with transaction.atomic():
                self.gate.bulk_steps(pages)
                publish_new_children(
                    parent=column,
                    pages=pages,
                    user=self.user,
                    log_data=lambda page: {
                        "imported": True,
                        "source_id": page.source_id,
                    },
                )
                write_child_relations(pages, self.child_relations)
        except (ValidationError, DatabaseError, ValueError):
            logger.info("Import batch failed; retrying its records one by one")
            # The page API stores each record's files again, in its transaction.
            for _line, _page, record in entries:
                self.files.remove(record["files"])
            column.refresh_from_db(fields=["numchild"])
            for line, _page, record in entries:
                self._slow(line, record, self._existing_id(record["source_id"]))
            return
        for page, (_line, _p, record) in zip(pages, entries, strict=True):
            self._written(record, page.pk, "created")

    def _slow(self, line, record: dict, existing: int | None) -> None:
        reader = record["reader"]
        reader.problems = []
        try:
            with self.gate.scope(), transaction.atomic():
                page_id, outcome = self._import_one(record, existing, reader)
        except RecordInvalid as error:
            self.files.discard()
            self._fail(line, error.problems)
            return
        except ValidationError as error:
            self.files.discard()
            self._fail(line, _problems(error))
            return
        except self.gate.blocked as error:
            self.files.discard()
            self._fail(line, _problems(error))
            return
        except Exception as error:
            self.files.discard()
            logger.exception("Unexpected import error")
            self._fail(line, [("", _reason(error))])
            return
        self.files.keep()
        self._written(record, page_id, outcome)

    def _import_one(self, record: dict, existing: int | None, reader) -> tuple:
        values = record["values"]
        if existing is None:
            page = self._new_page(record)
            page.slug = free_child_slug(record["column"], self._base_slug(record))
            self.attach(page, values, reader)
            reader.raise_if_invalid()
            column = record["column"]
            column.refresh_from_db(fields=["numchild"])
            column.add_child(instance=page)
            outcome = "created"
        else:
            page = self.model.objects.get(pk=existing)
            self._apply(page, record)
            self.attach(page, values, reader)
            reader.raise_if_invalid()
            if record["published_at"] and page.imported:
                # The original date of the old site is corrected, never lost.
                self.model.objects.filter(pk=page.pk).update(
                    first_published_at=record["published_at"],
                    imported_at=timezone.now(),
                )
                page.first_published_at = record["published_at"]
            outcome = "updated"
        self.after_save(page, values)
        revision = page.save_revision(user=self.user, clean=True)
        revision.publish(user=self.user, skip_permission_checks=True)
        return page.pk, outcome


def _problems(error: Exception) -> list[tuple[str, str]]:
    if not isinstance(error, ValidationError):
        return [("", str(error))]
    if hasattr(error, "error_dict"):
        return [
            ("" if field == "__all__" else field, message)
            for field, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return [("", message) for message in error.messages]


def _file_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _reason(error: Exception) -> str:
    if isinstance(error, DatabaseError | OSError):
        return _("数据库或文件读写出错：%(detail)s") % {"detail": error}
    return _("意外错误（%(type)s）：%(detail)s") % {
        "type": type(error).__name__,
        "detail": error,
    }
