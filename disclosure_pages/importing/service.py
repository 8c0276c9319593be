"""Import documents into a catalog column: one transaction per document.

Every document goes through Wagtail's own page API (tree insert, revision,
publish), so imported pages are ordinary pages: revisions, audit log, search
index and reference index are all written as for an editor's page. Imported
documents keep their original publication date and are marked ``imported``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import COMMENTS_RELATION_NAME, Page, Revision
from wagtail.search.backends import get_search_backends
from wagtail.utils.file import hash_filelike

from core.importfiles import LineError, RecordInvalid, RecordProblem, TypeReport
from core.page_tree import lock_parents
from core.search_index import deferred_search_index
from core.slugs import deduplicate_child_slugs, free_child_slug
from disclosure_pages.importing.attachments import read_attachment
from disclosure_pages.importing.bulk import write_batch
from disclosure_pages.importing.records import (
    Aliases,
    Attachment,
    ImportRecord,
    RecordError,
    parse_record,
)
from disclosure_pages.importing.text import extract_text
from disclosure_pages.models import (
    AliasKind,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DocumentAttachment,
    LegacyAlias,
    Organization,
    SubjectCategory,
)
from disclosure_pages.selectors import find_column_ref, own_pages
from disclosure_pages.services import holding_index_numbers
from publishing.checks import word_lists
from publishing.pipeline import (
    check_for_publication,
    publication_scope,
    run_bulk_steps,
)

logger = logging.getLogger(__name__)

IMPORT_ERRORS = (RecordError, ValidationError, IntegrityError, OSError)
# Set by write_batch itself or known valid by construction.
BULK_UNCHECKED_FIELDS = [
    "path", "depth", "url_path", "numchild", "translation_key", "locale",
    "content_type", "owner", "live_revision", "latest_revision", "locked_by",
    "alias_of", "organization", "subject", "page_ptr", "draft_title",
]  # fmt: skip
# Old Chinese systems export GBK; GB18030 is its superset. Each line is tried as
# UTF-8 first: GBK text is practically never valid UTF-8, the reverse often is.
ENCODINGS = ("utf-8", "gb18030")
# Where an unknown subject goes (the taxonomy's own top-level 其他).
OTHER_SUBJECT = "其他"


def summary_line(report: TypeReport) -> str:
    """The counts of a run, as the commands print them."""
    text = _("新建 %(created)d 篇，更新 %(updated)d 篇，失败 %(failed)d 篇。") % {
        "created": report.created,
        "updated": report.updated,
        "failed": report.failed,
    }
    if report.warnings:
        text += _("提示 %(count)d 条。") % {"count": len(report.warnings)}
    return text


def problem_line(problem: RecordProblem) -> str:
    """One problem as the commands print it: ``第 3 行，字段 genre：…``."""
    if isinstance(problem.line, int):
        where = _("第 %(line)d 行") % {"line": problem.line}
    else:
        where = str(problem.line)
    if problem.field:
        where = _("%(where)s，字段 %(field)s") % {
            "where": where,
            "field": problem.field,
        }
    if problem.warning:
        where = _("%(where)s（提示）") % {"where": where}
    return f"{where}：{problem.message}"


def _decode_line(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RecordError(
        _("这一行无法按 UTF-8 或 GBK（GB18030）编码读取，请检查文件编码。")
    )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | RecordError]]:
    """(line number, text or the RecordError) for each non-blank line."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = _decode_line(raw)
            except RecordError as error:
                yield number, error
                continue
            if line.strip():
                yield number, line


def iter_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON or the RecordError) for each non-blank line."""
    for number, line in _jsonl_lines(path):
        if isinstance(line, RecordError):
            yield number, line
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                number,
                RecordError(_("不是有效的 JSON：%(reason)s") % {"reason": error.msg}),
            )


def count_jsonl(path: Path) -> int:
    return sum(1 for _line in _jsonl_lines(path))


def carried_in(values: Iterable[object]) -> set[str]:
    """The index numbers parsed records carry (held while they are imported)."""
    numbers = {
        value["index_number"].strip()
        for value in values
        if isinstance(value, dict) and isinstance(value.get("index_number"), str)
    }
    numbers.discard("")
    return numbers


def carried_index_numbers(path: Path) -> set[str]:
    """The index numbers the file's records carry (held while it is imported)."""
    numbers = set()
    for _number, line in _jsonl_lines(path):
        if isinstance(line, RecordError) or "index_number" not in line:
            continue  # most records carry none: skip parsing them twice
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and isinstance(data.get("index_number"), str):
            numbers.add(data["index_number"].strip())
    numbers.discard("")
    return numbers


def text_file_record(path: Path) -> dict:
    """An import record extracted from a plain-text document file."""
    text = _decode_line(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    record = extract_text(text).as_record()
    record["source_id"] = path.stem[:100]
    return record


def iter_text_files(files: Iterable[Path]) -> Iterator[tuple[str, object]]:
    """(file name, record or the RecordError) for each plain-text file."""
    for path in files:
        try:
            yield path.name, text_file_record(path)
        except (RecordError, OSError) as error:
            yield path.name, RecordError(str(error))


@dataclass
class Resolved:
    """What a record's names point at: its column, organisation and subject."""

    column: DisclosureColumnPage | None = None
    organization: Organization | None = None
    original_publisher: str = ""
    subject: SubjectCategory | None = None


@dataclass
class _Pending:
    """A new document waiting in its column's batch, with its stored files."""

    line: int | str
    page: DisclosureDocumentPage
    record: ImportRecord
    files: list = field(default_factory=list)  # (Document, Attachment), unsaved


class DocumentImporter:
    """Creates or updates the documents of one (sub-)site from import records.

    The typed-importer interface of a site migration (docs/import-format.md):
    each record goes to the column its ``column`` key names (``columns``
    resolves it) or else to ``column``; ``run`` returns a ``TypeReport``.
    """

    kind = "documents"

    def __init__(
        self,
        *,
        section_root: Page,
        columns: Callable[[str], Page] | None = None,
        column: DisclosureColumnPage | None = None,
        base_dir: Path | None = None,
        user=None,
        strict: bool = False,
        dry_run: bool = False,
        default_organization: Organization | None = None,
        bulk: bool = True,
        batch_size: int = 200,
    ):
        self.section_root = section_root
        self.columns = columns or (lambda ref: find_column_ref(section_root, ref))
        self.column = column
        # None: records that come from no directory (a feed) name no local files.
        self.base_dir = base_dir
        self.user = user
        self.strict = strict
        self.dry_run = dry_run
        self.default_organization = default_organization
        self.bulk = bulk
        self.batch_size = batch_size
        self._organizations: dict[str, Organization | None] = {}
        self._subjects = _subject_lookup()
        self.aliases, self._alias_subjects = _load_aliases()
        self._column_refs: dict[str, DisclosureColumnPage | str] = {}
        self._keys: dict[str, int] | None = None
        self._batches: dict[int, list[_Pending]] = {}
        self._batch_keys: set[str] = set()
        self._stored_files: list = []
        # The office's word lists, read once for the whole run.
        self._word_lists = functools.cache(word_lists)
        self.summary = TypeReport(kind=self.kind)

    # --- the loop ---------------------------------------------------------------

    def run(
        self,
        items: Iterable[tuple[int | str, object]],
        *,
        progress=None,
        held_index_numbers: Iterable[str] | None = None,
    ) -> TypeReport:
        """Import every item; a bad one is reported, never an abort.

        Index numbers the records carry are held (never generated for other
        records) for the whole run: ``held_index_numbers`` when the caller
        has them, else they are read from ``items`` first. ``self.summary``
        holds the report so far, also when the run is interrupted.
        """
        report = self.summary = TypeReport(kind=self.kind)
        if held_index_numbers is None:
            items = list(items)
            held_index_numbers = carried_in(data for _line, data in items)
        self._batches, self._batch_keys = {}, set()
        with (
            holding_index_numbers(held_index_numbers),
            deferred_search_index(
                DisclosureDocumentPage,
                related=("organization", "subject"),
                enabled=not self.dry_run,
            ) as pending,
        ):
            self._pending = pending
            for line, data in items:
                try:
                    if isinstance(data, Exception):
                        raise data
                    self._import_line(line, data)
                except Exception as error:  # noqa: BLE001 - reported per line
                    self._failed(line, error)
                if progress is not None:
                    progress.update(1)
            self._flush_all()
        report.problems.sort(key=lambda p: (not isinstance(p.line, int), p.line))
        return report

    def _failed(self, line, error: Exception) -> None:
        self.summary.failed += 1
        self._note(line, problems_of(error))

    def _note(self, line, problems, *, warning: bool = False) -> None:
        self.summary.problems.extend(
            RecordProblem(line, name, message, warning=warning)
            for name, message in problems
        )

    def _done(self, outcome: str, record: ImportRecord, page_id: int) -> None:
        setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
        self.summary.written.append((record.source_id, page_id, record.old_url))
        self._pending.add(page_id)
        self._remember_id(record, page_id)

    def _import_line(self, line, data: object) -> None:
        record, resolved = self.check(line, data)
        key = _record_key(record)
        if key in self._batch_keys:
            self._flush_all()  # the earlier occurrence must exist first
        existing = self._find_existing(record, resolved.column)
        if existing is None and self.bulk:
            page = self._build_new(record, resolved)
            entry = _Pending(line, page, record)
            entry.files = self._store_files(record)
            batch = self._batches.setdefault(resolved.column.pk, [])
            batch.append(entry)
            self._batch_keys.add(key)
            if len(batch) >= self.batch_size:
                self._flush(resolved.column.pk)
            return
        # One transaction per document: a failing document leaves nothing behind.
        outcome, page_id = self.import_one(record, existing=existing, resolved=resolved)
        self._done(outcome, record, page_id)

    def check(self, line, data: object) -> tuple[ImportRecord, Resolved]:
        """The record and what it names, or RecordInvalid with every problem.

        Warnings (values mapped leniently) are noted in the report at once.
        """
        record, problems, warnings = None, [], []
        try:
            record = parse_record(data, aliases=self.aliases, strict=self.strict)
            warnings = record.warnings
        except RecordInvalid as error:
            problems = list(error.problems)
            warnings = getattr(error, "warnings", [])
        resolved = Resolved()
        if isinstance(data, dict):
            self._resolve(data, resolved, problems, warnings)
        self._note(line, warnings, warning=True)
        if problems:
            raise RecordInvalid(problems)
        return record, resolved

    def _resolve(self, data: dict, resolved: Resolved, problems, warnings) -> None:
        """The column, organisation and subject a record names (raw values:
        they are checked even when other fields of the record are wrong)."""
        ref = _raw(data, "column")
        try:
            resolved.column = self._column(ref)
        except LineError as error:
            problems.append(("column", str(error)))
        try:
            resolved.organization, resolved.original_publisher = self._organization(
                _raw(data, "organization")
            )
        except RecordError as error:
            problems.append(("organization", str(error)))
        try:
            resolved.subject = self._subject(_raw(data, "subject"), warnings)
        except RecordError as error:
            problems.append(("subject", str(error)))

    def _flush_all(self) -> None:
        for column_id in list(self._batches):
            self._flush(column_id)
        self._batch_keys = set()

    def _flush(self, column_id: int) -> None:
        batch = self._batches.pop(column_id, [])
        if not batch:
            return
        column = batch[0].page._import_column
        pages = [entry.page for entry in batch]
        deduplicate_child_slugs(column, pages)
        try:
            with transaction.atomic():
                # The column's lock first, as the page API takes it (tree insert,
                # then publication), so concurrent writers cannot deadlock.
                lock_parents([column])
                run_bulk_steps(pages)  # the 索引号, with the rows or not at all
                documents = [doc for entry in batch for doc, _a in entry.files]
                if documents:
                    get_document_model().objects.bulk_create(documents)
                write_batch(column=column, pages=pages, user=self.user)
                if documents:
                    self._attach(batch)
        except IMPORT_ERRORS + (DatabaseError, ValueError):
            # Something only the database noticed: redo the batch one by one so
            # that the culprit is reported and the others are imported. The
            # files stored for the batch go: the one-by-one path stores its own.
            _delete_files(
                (doc.file.storage, doc.file.name)
                for entry in batch
                for doc, _a in entry.files
            )
            column.refresh_from_db(fields=["numchild"])
            for entry in batch:
                try:
                    outcome, page_id = self.import_one(
                        entry.record,
                        existing=self._find_existing(entry.record, column),
                        resolved=entry.page._import_resolved,
                    )
                except Exception as error:  # noqa: BLE001 - reported per line
                    self._failed(entry.line, error)
                else:
                    self._done(outcome, entry.record, page_id)
            return
        for entry in batch:
            self._done("created", entry.record, entry.page.pk)
        if not self.dry_run:
            _index_documents([doc for entry in batch for doc, _a in entry.files])

    def _attach(self, batch: list[_Pending]) -> None:
        """The attachment rows of a written batch, and each page's revision
        again with them (an editor's later publish of that revision keeps them)."""
        rows, revised = [], []
        for entry in batch:
            if not entry.files:
                continue
            attachments = []
            for order, (document, attachment) in enumerate(entry.files):
                attachments.append(
                    DocumentAttachment(
                        page=entry.page,
                        document=document,
                        title=attachment.title,
                        source=attachment.location,
                        sort_order=order,
                    )
                )
            rows.extend(attachments)
            entry.page.attachments = attachments
            revised.append(entry.page)
        DocumentAttachment.objects.bulk_create(rows)
        revisions = []
        for page in revised:
            revision = page.latest_revision
            revision.content = page.serializable_data()
            revisions.append(revision)
        Revision.objects.bulk_update(revisions, ["content"])

    def _store_files(self, record: ImportRecord) -> list:
        """Each attachment read, checked and stored (not stored in a dry run);
        unsaved Document rows, written with the batch."""
        files, stored = [], []
        try:
            for attachment in record.attachments:
                upload = self._read(attachment)
                if self.dry_run:
                    continue
                document = _document(upload, attachment, user=self.user)
                stored.append((document.file.storage, document.file.name))
                files.append((document, attachment))
        except BaseException:
            _delete_files(stored)
            raise
        return files

    def import_data(self, data: object) -> str:
        """Import one record on the page-API path (tests and single documents)."""
        record, resolved = self.check("", data)
        existing = self._find_existing(record, resolved.column)
        return self.import_one(record, existing=existing, resolved=resolved)[0]

    def import_one(
        self, record: ImportRecord, *, existing, resolved: Resolved | None = None
    ) -> tuple[str, int]:
        """``import_record`` in its own transaction. Files stored for it are
        deleted again when it fails: storage is not rolled back with the rows."""
        if resolved is None:
            resolved = self._resolve_record(record)
        self._stored_files = []
        try:
            # A refused publication's audit entry outlives the rollback.
            with publication_scope(), transaction.atomic():
                return self.import_record(record, existing=existing, resolved=resolved)
        except BaseException:
            _delete_files(self._stored_files)
            raise
        finally:
            self._stored_files = []

    def _resolve_record(self, record: ImportRecord) -> Resolved:
        problems, warnings = [], []
        resolved = Resolved()
        self._resolve(
            {
                "column": record.column,
                "organization": record.organization,
                "subject": record.subject,
            },
            resolved,
            problems,
            warnings,
        )
        if problems:
            raise RecordInvalid(problems)
        return resolved

    # --- one document -----------------------------------------------------------

    def _values(self, record: ImportRecord, resolved: Resolved) -> dict:
        return {
            "title": record.title,
            "draft_title": record.title,
            "body": record.body_html,
            "document_number": record.document_number,
            "organization": resolved.organization,
            "original_publisher": resolved.original_publisher,
            "subject": resolved.subject,
            "genre": record.genre,
            "written_date": record.written_date,
            "validity": record.validity,
            "effective_date": record.effective_date,
            "expiry_date": record.expiry_date,
            "disclosure_mode": record.disclosure_mode,
            "summary": record.summary,
            "keywords": record.keywords,
            "source_url": record.source_url,
            "requires_interpretation": record.requires_interpretation,
            "copy_to": record.copy_to,
            "printed_by": record.printed_by,
            "printed_date": record.printed_date,
        }

    def _new_page(
        self, record: ImportRecord, resolved: Resolved
    ) -> DisclosureDocumentPage:
        published_at = record.published_at or _midnight(record.written_date)
        return DisclosureDocumentPage(
            index_number=record.index_number,
            source_id=record.source_id,
            imported=True,
            imported_at=timezone.now(),
            first_published_at=published_at or timezone.now(),
            live=False,
            owner=self.user,
            **self._values(record, resolved),
        )

    def _build_new(
        self, record: ImportRecord, resolved: Resolved
    ) -> DisclosureDocumentPage:
        """A validated, unsaved page for the bulk path (no queries but lookups)."""
        page = self._new_page(record, resolved)
        page.slug = self._base_slug(record)
        page.attachments = []
        setattr(page, COMMENTS_RELATION_NAME, [])
        errors = page.metadata_errors()
        try:
            page.clean_fields(exclude=BULK_UNCHECKED_FIELDS)
        except ValidationError as error:
            errors.update(error.error_dict)
        if page.index_number and "index_number" not in errors:
            if DisclosureDocumentPage.objects.filter(
                index_number=page.index_number
            ).exists() or any(
                entry.page.index_number == page.index_number
                for batch in self._batches.values()
                for entry in batch
            ):
                errors["index_number"] = ValidationError(
                    _("索引号 %(number)s 已被其他文件使用，索引号在全站群内唯一。")
                    % {"number": page.index_number}
                )
        if errors:
            raise ValidationError(errors)
        # The bulk path writes published rows itself, past Wagtail's publish
        # action: the checks of every publication, before any transaction.
        check_for_publication(page, user=self.user, lists=self._word_lists())
        page._import_column = resolved.column
        page._import_resolved = resolved
        return page

    def import_record(
        self,
        record: ImportRecord,
        *,
        existing: DisclosureDocumentPage | None,
        resolved: Resolved,
    ) -> tuple[str, int]:
        values = self._values(record, resolved)
        published_at = record.published_at or _midnight(record.written_date)
        if existing is None:
            column = resolved.column
            page = self._new_page(record, resolved)
            page.slug = self._slug(record, column)
            attachments = [self._attachment(a) for a in record.attachments]
            page.attachments = [a for a in attachments if a is not None]
            # The bulk path may have added children since this object was loaded.
            column.refresh_from_db(fields=["numchild"])
            column.add_child(instance=page)
            outcome = "created"
        else:
            page = existing
            if record.index_number and record.index_number != page.index_number:
                if page.index_number:
                    raise RecordInvalid(
                        [
                            (
                                "index_number",
                                _("索引号 %(number)s 已在发布时确定，不能更改。")
                                % {"number": page.index_number},
                            )
                        ]
                    )
                page.index_number = record.index_number
            for name, value in values.items():
                setattr(page, name, value)
            known = {a.source for a in page.attachments.all()}
            for attachment in record.attachments:
                if attachment.location not in known:
                    new = self._attachment(attachment)
                    if new is not None:
                        page.attachments.add(new)
            if page.imported and published_at:
                # Only migrated documents carry a date from their source site.
                DisclosureDocumentPage.objects.filter(pk=page.pk).update(
                    first_published_at=published_at, imported_at=timezone.now()
                )
                page.first_published_at = published_at
            outcome = "updated"
        revision = page.save_revision(user=self.user)
        revision.publish(user=self.user, skip_permission_checks=True)
        return outcome, page.pk

    def _find_existing(
        self, record: ImportRecord, column: DisclosureColumnPage | None
    ) -> DisclosureDocumentPage | None:
        page_id = self._existing_id(record, column)
        if page_id is None:
            return None
        return DisclosureDocumentPage.objects.get(pk=page_id)

    def _existing_id(self, record: ImportRecord, column) -> int | None:
        # The section's keys are loaded once: one query per document would be
        # the slowest part of a large import.
        if self._keys is None:
            self._keys = {}
            # The section's own documents: not those of a sub-site inside it.
            rows = own_pages(
                DisclosureDocumentPage.objects.all(), self.section_root
            ).values_list("pk", "source_id", "document_number")
            for pk, source_id, document_number in rows.order_by("-pk"):
                if source_id:
                    self._keys[f"id:{source_id}"] = pk
                if document_number:
                    self._keys[f"no:{document_number}"] = pk
        if record.source_id:
            return self._keys.get(f"id:{record.source_id}")
        if record.document_number:
            return self._keys.get(f"no:{record.document_number}")
        if column is None:
            return None
        # Neither key: the same title and date in the same column is the same one.
        return (
            DisclosureDocumentPage.objects.child_of(column)
            .filter(
                title=record.title,
                source_id="",
                document_number="",
                written_date=record.written_date,
            )
            .values_list("pk", flat=True)
            .first()
        )

    def _remember_id(self, record: ImportRecord, page_id: int) -> None:
        if self._keys is None:
            return
        if record.source_id:
            self._keys[f"id:{record.source_id}"] = page_id
        if record.document_number:
            self._keys.setdefault(f"no:{record.document_number}", page_id)

    def _base_slug(self, record: ImportRecord) -> str:
        base = (
            slugify(record.source_id, allow_unicode=True)[:60]
            if record.source_id
            else ""
        )
        if not base:
            key = "|".join(
                [record.document_number, record.title, str(record.written_date or "")]
            )
            base = "doc-" + hashlib.sha1(key.encode()).hexdigest()[:12]  # noqa: S324
        return base

    def _slug(self, record: ImportRecord, column) -> str:
        return free_child_slug(column, self._base_slug(record))

    def _column(self, ref: str) -> DisclosureColumnPage:
        """The column ``ref`` names (the default one when empty); LineError."""
        if not ref:
            if self.column is None:
                raise LineError(_("缺少栏目（column），且未指定默认栏目。"))
            return self.column
        if ref not in self._column_refs:
            try:
                page = self.columns(ref)
                self._column_refs[ref] = self._check_column(ref, page)
            except LineError as error:
                self._column_refs[ref] = str(error)
        found = self._column_refs[ref]
        if isinstance(found, str):
            raise LineError(found)
        return found

    def _check_column(self, ref: str, page: Page) -> DisclosureColumnPage:
        page = page.specific
        if not isinstance(page, DisclosureColumnPage):
            raise LineError(
                _("栏目“%(ref)s”不是信息公开目录栏目，不能放公开文件。") % {"ref": ref}
            )
        if not own_pages(
            DisclosureColumnPage.objects.filter(pk=page.pk), self.section_root
        ).exists():
            raise LineError(
                _("栏目“%(ref)s”不在目标站点（或子站）之内。") % {"ref": ref}
            )
        return page

    def _organization(self, name: str) -> tuple[Organization, str]:
        organization = None
        if name:
            if name not in self._organizations:
                self._organizations[name] = Organization.objects.filter(
                    Q(name=name)
                    | Q(short_name=name)
                    | Q(org_code=name.upper())
                    | Q(credit_code=name.upper())
                ).first()
            organization = self._organizations[name]
        if organization is not None:
            return organization, ""
        if self.default_organization is None:
            if name:
                raise RecordError(
                    _(
                        "未找到发布机构“%(name)s”：请先在“发布机构”中登记，或用 --organization 指定默认机构。"  # noqa: E501
                    )
                    % {"name": name}
                )
            raise RecordError(_("缺少发布机构（organization），且未指定默认机构。"))
        # The source names another organ: keep its wording as the original publisher.
        return self.default_organization, name

    def _subject(self, name: str, warnings: list) -> SubjectCategory | None:
        """The taxonomy's category, else the alias table's, else 其他 with a
        warning (an error when strict)."""
        if not name:
            return None
        key = name.replace("/", "\\").replace(" ", "")
        if key in self._subjects:
            return self._subjects[key]
        alias = self._alias_subjects.get("".join(name.split()))
        if alias is not None:
            return alias
        if self.strict:
            raise RecordError(
                _("未知的主题分类“%(name)s”，也不在“旧值对照”中。") % {"name": name}
            )
        fallback = self._subjects.get(str(OTHER_SUBJECT))
        warnings.append(
            (
                "subject",
                _(
                    "主题分类“%(name)s”不在分类表中，已归为“%(fallback)s”；可在“旧值对照”中补充。"
                )
                % {"name": name, "fallback": OTHER_SUBJECT if fallback else _("无")},
            )
        )
        return fallback

    def _read(self, attachment: Attachment):
        """The attachment's checked content; RecordInvalid on ``attachments``."""
        try:
            return read_attachment(attachment, base_dir=self.base_dir)
        except (RecordError, ValidationError) as error:
            raise RecordInvalid([("attachments", _reason(error))]) from error

    def _attachment(self, attachment: Attachment) -> DocumentAttachment | None:
        upload = self._read(attachment)
        if self.dry_run:
            return None  # checked, not stored
        document = _document(upload, attachment, user=self.user)
        self._stored_files.append((document.file.storage, document.file.name))
        document.save()
        return DocumentAttachment(
            document=document, title=attachment.title, source=attachment.location
        )


def _document(upload, attachment: Attachment, *, user):
    """An unsaved document whose file is stored, size and hash from memory
    (reading it back from S3 would cost a download per file)."""
    document = get_document_model()(
        title=attachment.title or Path(upload.name).stem, uploaded_by_user=user
    )
    document.file_size = upload.size
    document.file_hash = hash_filelike(upload)
    document.file.save(upload.name, upload, save=False)
    return document


def _delete_files(stored) -> None:
    for storage, name in stored:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - best effort, the row is gone
            logger.warning("Could not delete orphaned import file %s", name)


def _index_documents(documents) -> None:
    if not documents:
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(get_document_model(), documents)
        except Exception:
            logger.exception("Search index update failed during an import")
            if not backend.catch_indexing_errors:
                raise


def _raw(data: dict, key: str) -> str:
    value = data.get(key)
    return str(value).strip() if isinstance(value, str | int) else ""


def _load_aliases() -> tuple[Aliases, dict[str, SubjectCategory]]:
    aliases, subjects = Aliases(), {}
    rows = LegacyAlias.objects.select_related("subject__parent")
    for alias in rows:
        key = "".join(alias.legacy_value.split())
        if alias.kind == AliasKind.GENRE and alias.genre:
            aliases.genre[key] = alias.genre
        elif alias.kind == AliasKind.VALIDITY and alias.validity:
            aliases.validity[key] = alias.validity
        elif alias.kind == AliasKind.SUBJECT and alias.subject_id:
            subjects[key] = alias.subject
    return aliases, subjects


def problems_of(error: Exception) -> list[tuple[str, str]]:
    """(field, Chinese message) of every problem ``error`` stands for."""
    if isinstance(error, RecordInvalid):
        return list(error.problems)
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [
            ("" if name == NON_FIELD_ERRORS else name, " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    return [("", _reason(error))]


def _record_key(record: ImportRecord) -> str:
    if record.source_id:
        return f"id:{record.source_id}"
    if record.document_number:
        return f"no:{record.document_number}"
    return f"tt:{record.title}|{record.written_date}"


def _subject_lookup() -> dict[str, SubjectCategory]:
    """Full names (``综合政务\\政务公开``), top-level and unambiguous sub-names."""
    categories = list(SubjectCategory.objects.select_related("parent"))
    lookup: dict[str, SubjectCategory] = {}
    sub_names: dict[str, list[SubjectCategory]] = {}
    for category in categories:
        lookup[category.full_name.replace(" ", "")] = category
        if category.parent_id:
            sub_names.setdefault(category.name, []).append(category)
    for name, found in sub_names.items():
        if len(found) == 1 and name not in lookup:
            lookup[name] = found[0]
    return lookup


def _midnight(date):
    if date is None:
        return None
    import datetime

    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


def _reason(error: Exception) -> str:
    if isinstance(error, RecordError):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, IntegrityError):
        detail = str(error).splitlines()[0] if str(error) else ""
        if "index_number" in detail:
            return _("索引号与已有文件重复，索引号在全站群内唯一。")
        return _("与已有数据冲突：%(detail)s") % {"detail": detail}
    if isinstance(error, DatabaseError | OSError):
        return _("数据库或文件读写出错：%(detail)s") % {"detail": error}
    logger.exception("Unexpected import error", exc_info=error)
    return _("意外错误（%(type)s）：%(detail)s") % {
        "type": type(error).__name__,
        "detail": error,
    }
