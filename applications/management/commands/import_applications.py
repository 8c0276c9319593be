"""manage.py import_applications FILE --organization ORG (docs/import-format.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from applications.services.importing import ImportRefused, import_applications
from core.importfiles import error_report


class Command(BaseCommand):
    help = (
        "Import an organ's historical information requests from JSON Lines. The "
        "whole file is checked first; nothing is written if any line is wrong; "
        "re-running updates by source_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, one application per line.")
        parser.add_argument(
            "--organization",
            required=True,
            help="The organ: organisation code, credit code or full name.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, file, organization, no_progress, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)

        def progress(description, total):
            return tqdm(
                total=total,
                desc=description,
                unit=_("件"),
                disable=no_progress,
                file=stream,
            )

        try:
            summary = import_applications(
                Path(file), organization=organization, progress=progress
            )
        except ImportRefused as refused:
            for line in error_report(refused.errors):
                self.stderr.write(line)
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(str(summary)))
