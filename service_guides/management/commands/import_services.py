"""manage.py import_services FILE --site CODE (docs/import-format.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.importfiles import error_report
from service_guides.importing import ImportRefused, import_services


class Command(BaseCommand):
    help = (
        "Import service guides (办事指南) from JSON Lines into a site's 办事服务 "
        "column and publish them. The whole file is checked first; re-running "
        "updates the guides by source_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, one guide per line.")
        parser.add_argument(
            "--site",
            required=True,
            help="Site code (网站标识码), host name, or PARENT/SLUG for a sub-site.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, file, site, no_progress, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)

        def progress(description, total):
            return tqdm(
                total=total,
                desc=description,
                unit=_("项"),
                disable=no_progress,
                file=stream,
            )

        try:
            summary = import_services(Path(file), site_code=site, progress=progress)
        except ImportRefused as refused:
            for line in error_report(refused.errors):
                self.stderr.write(line)
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(str(summary)))
