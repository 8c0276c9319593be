"""manage.py import_organizations FILE [--dry-run] [--strict]; see import-format."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.importfiles import (
    ImportFileError,
    LineError,
    read_import_file,
    utf8_lines,
)
from disclosure_pages.importing.organizations import OrganizationImporter

DEFAULT_MAX_BYTES = 20 * 2**20


def parsed_lines(data: bytes):
    """(line, JSON value or the ``LineError`` that says why it is not one)."""
    for number, text in utf8_lines(data):
        if text is None:
            yield number, LineError(_("这一行不是 UTF-8 编码。"))
            continue
        try:
            yield number, json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            yield number, LineError(_("这一行不是有效的 JSON。"))


class Command(BaseCommand):
    help = (
        "Import publishing organisations (发布机构) from JSON Lines, validated as "
        "the admin validates them. Re-running updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, one organisation per line.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report everything, then roll back.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Unknown fields are errors, not warnings.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, file, dry_run, strict, no_progress, **options):
        limit = getattr(settings, "ORGANIZATION_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
        try:
            data = read_import_file(Path(file), limit=limit)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        items = list(parsed_lines(data))
        importer = OrganizationImporter(strict=strict, dry_run=dry_run)
        with (
            tqdm(
                total=len(items),
                desc=_("导入发布机构"),
                unit=_("项"),
                disable=no_progress,
                file=getattr(self.stderr, "_out", sys.stderr),
            ) as bar,
            transaction.atomic(),
        ):
            report = importer.run(items, progress=bar)
            if dry_run:
                transaction.set_rollback(True)
        for problem in report.problems:
            self.stderr.write(str(problem))
        summary = _(
            "新建 %(created)d 个，更新 %(updated)d 个，失败 %(failed)d 个。"
        ) % {
            "created": report.created,
            "updated": report.updated,
            "failed": report.failed,
        }
        if dry_run:
            summary = _("试运行（未保存）：%(summary)s") % {"summary": summary}
        style = self.style.WARNING if report.failed else self.style.SUCCESS
        self.stdout.write(style(summary))
        if report.failed:
            raise CommandError(
                _("%(count)d 条记录有错误，未导入。") % {"count": report.failed}
            )
