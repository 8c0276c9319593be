"""Import documents into a catalog column: one transaction per document.

Every document goes through Wagtail's own page API (tree insert, revision,
publish), so imported pages are ordinary pages: revisions, audit log, search
index and reference index are all written as for an editor's page. Imported
documents keep their original publication date and are marked ``imported``.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Site

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
from disclosure_pages.models.pages import ATTACHMENT_EXTENSIONS

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
URL_TIMEOUT_SECONDS = 30


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


def iter_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON or the RecordError) for each non-blank line."""
    with path.open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                yield number, RecordError(
                    _("不是有效的 JSON：%(reason)s") % {"reason": error.msg}
                )


def count_jsonl(path: Path) -> int:
    with path.open(encoding="utf-8-sig") as stream:
        return sum(1 for line in stream if line.strip())


def text_file_record(path: Path) -> dict:
    """An import record extracted from a plain-text document file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="gb18030")
    record = extract_text(text).as_record()
    record["source_id"] = path.stem[:100]
    return record


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
    ):
        self.site = site
        self.column = column
        self.default_organization = default_organization
        self.base_dir = base_dir or Path.cwd()
        self.user = user
        self.strict_subject = strict_subject
        self._organizations: dict[str, Organization | None] = {}
        self._subjects = _subject_lookup()
        self.site_root_path = site.root_page.path

    # --- the loop ---------------------------------------------------------------

    def run(
        self, items: Iterable[tuple[int | str, object]], *, progress=None
    ) -> ImportSummary:
        summary = ImportSummary()
        for line, data in items:
            try:
                if isinstance(data, RecordError):
                    raise data
                outcome = self.import_data(data)
            except (RecordError, ValidationError, IntegrityError, OSError) as error:
                summary.failed += 1
                summary.errors.append(LineError(line, _reason(error)))
            else:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
            if progress is not None:
                progress.update(1)
        return summary

    def import_data(self, data: object) -> str:
        record = parse_record(data)
        # One transaction per document: a failing document leaves nothing behind.
        with transaction.atomic():
            return self.import_record(record)

    # --- one document -----------------------------------------------------------

    def import_record(self, record: ImportRecord) -> str:
        organization, original_publisher = self._organization(record.organization)
        subject = self._subject(record.subject)
        published_at = record.published_at or _midnight(record.written_date)
        existing = self._find_existing(record)
        values = {
            "title": record.title,
            "draft_title": record.title,
            "body": record.body_html,
            "document_number": record.document_number,
            "organization": organization,
            "original_publisher": original_publisher,
            "subject": subject,
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
        if existing is None:
            page = DisclosureDocumentPage(
                slug=self._slug(record),
                index_number=record.index_number,
                source_id=record.source_id,
                imported=True,
                imported_at=timezone.now(),
                first_published_at=published_at or timezone.now(),
                live=False,
                owner=self.user,
                **values,
            )
            page.attachments = [self._attachment(a) for a in record.attachments]
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
        return outcome

    def _find_existing(self, record: ImportRecord) -> DisclosureDocumentPage | None:
        pages = DisclosureDocumentPage.objects.filter(
            path__startswith=self.site_root_path
        )
        if record.source_id:
            return pages.filter(source_id=record.source_id).first()
        if record.document_number:
            return pages.filter(document_number=record.document_number).first()
        # Neither key: the same title and date in the same column is the same one.
        return (
            pages.child_of(self.column)
            .filter(
                title=record.title,
                source_id="",
                document_number="",
                written_date=record.written_date,
            )
            .first()
        )

    def _slug(self, record: ImportRecord) -> str:
        base = slugify(record.source_id, allow_unicode=True)[:60] if record.source_id else ""
        if not base:
            key = "|".join(
                [record.document_number, record.title, str(record.written_date or "")]
            )
            base = "doc-" + hashlib.sha1(key.encode()).hexdigest()[:12]  # noqa: S324
        slug, n = base, 1
        while DisclosureDocumentPage.objects.child_of(self.column).filter(
            slug=slug
        ).exists():
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
                    _("未找到发布机构“%(name)s”：请先在“发布机构”中登记，或用 --organization 指定默认机构。")
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
        content, filename = _read_attachment(attachment, base_dir=self.base_dir)
        document_model = get_document_model()
        document = document_model(
            title=attachment.title or Path(filename).stem, uploaded_by_user=self.user
        )
        document.file.save(filename, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
        return DocumentAttachment(
            document=document, title=attachment.title, source=attachment.location
        )


def _read_attachment(attachment: Attachment, *, base_dir: Path) -> tuple[bytes, str]:
    location = attachment.location
    if attachment.is_url:
        filename = Path(urllib.parse.urlsplit(location).path).name or "attachment"
    else:
        path = Path(location)
        if not path.is_absolute():
            path = base_dir / path
        filename = path.name
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise RecordError(
            _("附件“%(name)s”的格式不受支持，只能是 PDF、Word、Excel、OFD 或图片。")
            % {"name": filename}
        )
    if attachment.is_url:
        try:
            with urllib.request.urlopen(location, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked above
                content = response.read(MAX_ATTACHMENT_BYTES + 1)
        except OSError as error:
            raise RecordError(
                _("无法下载附件 %(url)s：%(reason)s") % {"url": location, "reason": error}
            ) from error
    else:
        if not path.is_file():
            raise RecordError(_("附件文件不存在：%(path)s") % {"path": location})
        content = path.read_bytes()
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise RecordError(_("附件“%(name)s”超过 50 MB。") % {"name": filename})
    return content, filename


def _subject_lookup() -> dict[str, SubjectCategory]:
    """Full names (``综合政务\\政务公开``), top-level names and unambiguous sub-names."""
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
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, IntegrityError):
        return _("与已有数据冲突（例如索引号重复）。")
    return str(error)
