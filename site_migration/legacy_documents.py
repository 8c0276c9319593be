"""TEMPORARY adapter: the current one-column DocumentImporter behind the shared
typed-importer interface, until DocumentImporter takes ``section_root`` and a
per-record ``column`` itself (then ``services._importer`` stops using this and
the module can go).

Records are grouped by the column they name; the index numbers every record
carries are held for the whole run before any is generated; in a dry run the
attachments are checked but not stored.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page

from core.importfiles import LineError, RecordProblem, TypeReport
from disclosure_pages.importing.attachments import read_attachment
from disclosure_pages.importing.records import Attachment, RecordError
from disclosure_pages.importing.service import DocumentImporter
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from disclosure_pages.selectors import SiteSection, own_pages
from site_migration.choices import RecordKind
from site_migration.columns import check_old_url


class DocumentAdapter:
    kind = RecordKind.DOCUMENTS

    def __init__(
        self, *, section_root: Page, columns, base_dir=None, user=None,
        strict: bool = False, dry_run: bool = False,
    ):  # fmt: skip
        self.root = section_root
        self.columns = columns
        self.base_dir = base_dir
        self.user = user
        self.strict = strict
        self.dry_run = dry_run

    def run(self, items, *, progress=None) -> TypeReport:
        report = TypeReport(kind=self.kind)
        groups: dict[int, tuple[Page, list]] = {}
        old_urls: dict[str, str] = {}
        held: set[str] = set()
        for line, data in items:
            problems = self._check(data)
            if problems:
                report.failed += 1
                report.problems += [RecordProblem(line, f, m) for f, m in problems]
                if progress is not None:
                    progress.update(1)
                continue
            column = self.columns(data["column"])
            record = {k: v for k, v in data.items() if k not in ("column", "old_url")}
            if self.dry_run:
                record.pop("attachments", None)  # checked, not stored
            number = record.get("index_number")
            if isinstance(number, str) and number.strip():
                held.add(number.strip())
            old_urls[str(record.get("source_id", ""))] = data.get("old_url") or ""
            groups.setdefault(column.pk, (column, []))[1].append((line, record))
        for column, rows in groups.values():
            importer = DocumentImporter(
                site=SiteSection(root_page=self.root),
                column=column,
                base_dir=self.base_dir,
                user=self.user,
                strict_subject=self.strict,
            )
            summary = importer.run(rows, progress=progress, held_index_numbers=held)
            report.created += summary.created
            report.updated += summary.updated
            report.failed += summary.failed
            report.problems += [
                RecordProblem(error.line, "", error.message) for error in summary.errors
            ]
        written = own_pages(
            DisclosureDocumentPage.objects.filter(source_id__in=old_urls), self.root
        ).values_list("source_id", "pk")
        report.written = [(sid, pk, old_urls[sid]) for sid, pk in written]
        return report

    def _check(self, data) -> list[tuple[str, str]]:
        if isinstance(data, Exception):
            return [("", str(data))]
        if not isinstance(data, dict):
            return [("", _("每行应为一个 JSON 对象。"))]
        problems = []
        if not data.get("source_id"):
            problems.append(("source_id", _("必填。")))
        try:
            column = self.columns(data.get("column"))
        except LineError as error:
            problems.append(("column", str(error)))
        else:
            if not isinstance(column, DisclosureColumnPage):
                problems.append(
                    ("column", _("“%(title)s”不是目录栏目。") % {"title": column.title})
                )
        try:
            check_old_url(data.get("old_url"))
        except LineError as error:
            problems.append(("old_url", str(error)))
        if self.dry_run:
            for item in data.get("attachments") or []:
                try:
                    read_attachment(_attachment(item), base_dir=self.base_dir)
                except Exception as error:  # noqa: BLE001 - reported per field
                    problems.append(("attachments", _message(error)))
        return problems


def _attachment(item) -> Attachment:
    if isinstance(item, dict):
        return Attachment(str(item.get("path") or item.get("url") or ""))
    return Attachment(str(item))


def _message(error: Exception) -> str:
    if isinstance(error, RecordError):
        return str(error)
    return "；".join(getattr(error, "messages", [str(error)]))
