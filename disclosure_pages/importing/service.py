"""Import documents into a catalog column: one transaction per document.

Every document goes through Wagtail's own page API (tree insert, revision,
publish), so imported pages are ordinary pages: revisions, audit log, search
index and reference index are all written as for an editor's page. Imported
documents keep their original publication date and are marked ``imported``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import COMMENTS_RELATION_NAME, Page, Site

from core.page_tree import lock_parents
from core.search_index import deferred_search_index
from disclosure_pages.importing.attachments import read_attachment
from disclosure_pages.importing.bulk import write_batch
from disclosure_pages.importing.records import (
    Attachment,
    ImportRecord,
    RecordError,
    parse_record,
)
from disclosure_pages.importing.text import extract_text
from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DocumentAttachment,
    Organization,
    SubjectCategory,
)
from disclosure_pages.selectors import own_pages
from disclosure_pages.services import holding_index_numbers
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


@dataclass
class LineError:
    line: int | str
    message: str

    def __str__(self) -> str:
        if isinstance(self.line, int):
            return _("第 %(line)d 行：%(message)s") % {
                "line": self.line,
                "message": self.message,
            }
        return f"{self.line}: {self.message}"


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    failed: int = 0
    errors: list[LineError] = field(default_factory=list)

    def __str__(self) -> str:
        return _("新建 %(created)d 篇，更新 %(updated)d 篇，失败 %(failed)d 篇。") % {
            "created": self.created,
            "updated": self.updated,
            "failed": self.failed,
        }


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


class DocumentImporter:
    """Creates or updates documents of one site and column from import records."""

    def __init__(
        self,
        *,
        site: Site,
        column: DisclosureColumnPage,
        default_organization: Organization | None = None,
        base_dir: Path | None = None,
        user=None,
        strict_subject: bool = True,
        bulk: bool = True,
        batch_size: int = 200,
    ):
        self.site = site
        self.column = column
        self.default_organization = default_organization
        # None: records that come from no directory (a feed) name no local files.
        self.base_dir = base_dir
        self.user = user
        self.strict_subject = strict_subject
        self.bulk = bulk
        self.batch_size = batch_size
        self._organizations: dict[str, Organization | None] = {}
        self._subjects = _subject_lookup()
        self._keys: dict[str, int] | None = None
        self.summary = ImportSummary()

    # --- the loop ---------------------------------------------------------------

    def run(
        self,
        items: Iterable[tuple[int | str, object]],
        *,
        progress=None,
        held_index_numbers: Iterable[str] = (),
    ) -> ImportSummary:
        """Import every item; a bad one is a line in the summary, never an abort.

        ``held_index_numbers``: numbers that records of this run carry, never
        generated for the others (see ``carried_index_numbers``). ``self.summary``
        holds the counts so far, also when the run is interrupted.
        """
        summary = self.summary = ImportSummary()
        self._batch: list[tuple[int | str, DisclosureDocumentPage, ImportRecord]] = []
        self._batch_keys: set[str] = set()
        with (
            holding_index_numbers(held_index_numbers),
            deferred_search_index(
                DisclosureDocumentPage, related=("organization", "subject")
            ) as pending,
        ):
            self._pending = pending
            for line, data in items:
                try:
                    if isinstance(data, RecordError):
                        raise data
                    self._import_line(line, parse_record(data), summary)
                except Exception as error:  # noqa: BLE001 - reported per line
                    summary.failed += 1
                    summary.errors.append(LineError(line, _reason(error)))
                if progress is not None:
                    progress.update(1)
            self._flush(summary)
        summary.errors.sort(key=lambda e: (not isinstance(e.line, int), e.line))
        return summary

    def _import_line(self, line, record: ImportRecord, summary: ImportSummary) -> None:
        key = _record_key(record)
        if key in self._batch_keys:
            self._flush(summary)  # the earlier occurrence must exist first
        existing = self._find_existing(record)
        if existing is None and not record.attachments and self.bulk:
            page = self._build_new(record)
            self._batch.append((line, page, record))
            self._batch_keys.add(key)
            if len(self._batch) >= self.batch_size:
                self._flush(summary)
            return
        # One transaction per document: a failing document leaves nothing behind.
        outcome, page_id = self.import_one(record, existing=existing)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        self._pending.add(page_id)
        self._remember_id(record, page_id)

    def _flush(self, summary: ImportSummary) -> None:
        batch, self._batch, self._batch_keys = self._batch, [], set()
        if not batch:
            return
        pages = [page for _line, page, _record in batch]
        self._deduplicate_slugs(pages)
        try:
            with transaction.atomic():
                # The column's lock first, as the page API takes it (tree insert,
                # then publication), so concurrent writers cannot deadlock.
                lock_parents([self.column])
                run_bulk_steps(pages)  # the 索引号, with the rows or not at all
                write_batch(column=self.column, pages=pages, user=self.user)
        except IMPORT_ERRORS + (DatabaseError, ValueError):
            # Something only the database noticed: redo the batch one by one so
            # that the culprit is reported and the others are imported.
            self.column.refresh_from_db(fields=["numchild"])
            for line, _page, record in batch:
                try:
                    outcome, page_id = self.import_one(
                        record, existing=self._find_existing(record)
                    )
                except Exception as error:  # noqa: BLE001 - reported per line
                    summary.failed += 1
                    summary.errors.append(LineError(line, _reason(error)))
                else:
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    self._pending.add(page_id)
                    self._remember_id(record, page_id)
            return
        summary.created += len(pages)
        for page in pages:
            self._pending.add(page.pk)
            self._remember(page)

    def import_data(self, data: object) -> str:
        """Import one record on the page-API path (tests and single documents)."""
        record = parse_record(data)
        return self.import_one(record, existing=self._find_existing(record))[0]

    def import_one(self, record: ImportRecord, *, existing) -> tuple[str, int]:
        """``import_record`` in its own transaction. Files stored for it are
        deleted again when it fails: storage is not rolled back with the rows."""
        self._stored_files: list = []
        try:
            # A refused publication's audit entry outlives the rollback.
            with publication_scope(), transaction.atomic():
                return self.import_record(record, existing=existing)
        except BaseException:
            for storage, name in self._stored_files:
                try:
                    storage.delete(name)
                except Exception:  # noqa: BLE001 - best effort, the row is gone
                    logger.warning("Could not delete orphaned import file %s", name)
            raise
        finally:
            self._stored_files = []

    # --- one document -----------------------------------------------------------

    def _values(self, record: ImportRecord) -> dict:
        organization, original_publisher = self._organization(record.organization)
        return {
            "title": record.title,
            "draft_title": record.title,
            "body": record.body_html,
            "document_number": record.document_number,
            "organization": organization,
            "original_publisher": original_publisher,
            "subject": self._subject(record.subject),
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
        }

    def _new_page(self, record: ImportRecord, values: dict) -> DisclosureDocumentPage:
        published_at = record.published_at or _midnight(record.written_date)
        return DisclosureDocumentPage(
            index_number=record.index_number,
            source_id=record.source_id,
            imported=True,
            imported_at=timezone.now(),
            first_published_at=published_at or timezone.now(),
            live=False,
            owner=self.user,
            **values,
        )

    def _build_new(self, record: ImportRecord) -> DisclosureDocumentPage:
        """A validated, unsaved page for the bulk path (no queries but lookups)."""
        page = self._new_page(record, self._values(record))
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
                p.index_number == page.index_number for _l, p, _r in self._batch
            ):
                errors["index_number"] = ValidationError(
                    _("索引号 %(number)s 已被其他文件使用，索引号在全站群内唯一。")
                    % {"number": page.index_number}
                )
        if errors:
            raise ValidationError(errors)
        # The bulk path writes published rows itself, past Wagtail's publish
        # action: the checks of every publication, before any transaction.
        check_for_publication(page, user=self.user)
        return page

    def _deduplicate_slugs(self, pages: list[DisclosureDocumentPage]) -> None:
        taken = set(
            Page.objects.child_of(self.column)
            .filter(slug__in=[p.slug for p in pages])
            .values_list("slug", flat=True)
        )
        for page in pages:
            base, n = page.slug, 1
            while page.slug in taken:
                n += 1
                page.slug = f"{base}-{n}"
            taken.add(page.slug)

    def import_record(
        self, record: ImportRecord, *, existing: DisclosureDocumentPage | None
    ) -> tuple[str, int]:
        values = self._values(record)
        published_at = record.published_at or _midnight(record.written_date)
        if existing is None:
            page = self._new_page(record, values)
            page.slug = self._slug(record)
            page.attachments = [self._attachment(a) for a in record.attachments]
            # The bulk path may have added children since this object was loaded.
            self.column.refresh_from_db(fields=["numchild"])
            self.column.add_child(instance=page)
            outcome = "created"
        else:
            page = existing
            if record.index_number and record.index_number != page.index_number:
                if page.index_number:
                    raise RecordError(
                        _("索引号 %(number)s 已在发布时确定，不能更改。")
                        % {"number": page.index_number}
                    )
                page.index_number = record.index_number
            for name, value in values.items():
                setattr(page, name, value)
            known = {a.source for a in page.attachments.all()}
            for attachment in record.attachments:
                if attachment.location not in known:
                    page.attachments.add(self._attachment(attachment))
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

    def _find_existing(self, record: ImportRecord) -> DisclosureDocumentPage | None:
        page_id = self._existing_id(record)
        if page_id is None:
            return None
        return DisclosureDocumentPage.objects.get(pk=page_id)

    def _existing_id(self, record: ImportRecord) -> int | None:
        # The site's keys are loaded once: one query per document would be the
        # slowest part of a large import.
        if self._keys is None:
            self._keys = {}
            # The site's own documents: not those of a sub-site inside it.
            rows = own_pages(
                DisclosureDocumentPage.objects.all(), self.site.root_page
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
        # Neither key: the same title and date in the same column is the same one.
        return (
            DisclosureDocumentPage.objects.child_of(self.column)
            .filter(
                title=record.title,
                source_id="",
                document_number="",
                written_date=record.written_date,
            )
            .values_list("pk", flat=True)
            .first()
        )

    def _remember(self, page: DisclosureDocumentPage) -> None:
        self._remember_keys(page.source_id, page.document_number, page.pk)

    def _remember_id(self, record: ImportRecord, page_id: int) -> None:
        self._remember_keys(record.source_id, record.document_number, page_id)

    def _remember_keys(self, source_id: str, document_number: str, pk: int) -> None:
        if self._keys is None:
            return
        if source_id:
            self._keys[f"id:{source_id}"] = pk
        if document_number:
            self._keys.setdefault(f"no:{document_number}", pk)

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

    def _slug(self, record: ImportRecord) -> str:
        base = self._base_slug(record)
        slug, n = base, 1
        while (
            DisclosureDocumentPage.objects.child_of(self.column)
            .filter(slug=slug)
            .exists()
        ):
            n += 1
            slug = f"{base}-{n}"
        return slug

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

    def _subject(self, name: str) -> SubjectCategory | None:
        if not name:
            return None
        key = name.replace("/", "\\").replace(" ", "")
        if key in self._subjects:
            return self._subjects[key]
        if self.strict_subject:
            raise RecordError(_("未知的主题分类“%(name)s”。") % {"name": name})
        return None

    def _attachment(self, attachment: Attachment) -> DocumentAttachment:
        upload = read_attachment(attachment, base_dir=self.base_dir)
        filename = upload.name
        document_model = get_document_model()
        document = document_model(
            title=attachment.title or Path(filename).stem, uploaded_by_user=self.user
        )
        document.file.save(filename, upload, save=False)
        getattr(self, "_stored_files", []).append(
            (document.file.storage, document.file.name)
        )
        document._set_document_file_metadata()
        document.save()
        return DocumentAttachment(
            document=document, title=attachment.title, source=attachment.location
        )


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
