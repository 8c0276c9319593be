"""manage.py import_messages FILE --site CODE --channel SLUG (docs/import-format.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.importfiles import error_report
from interaction.services.importing import ImportRefused, import_messages


class Command(BaseCommand):
    help = (
        "Import a migrating site's historical messages from JSON Lines into one "
        "channel. The whole file is checked first; re-running updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, one message per line.")
        parser.add_argument("--site", required=True, help="Site code (网站标识码).")
        parser.add_argument("--channel", required=True, help="Slug of the channel.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, file, site, channel, no_progress, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)

        def progress(description, total):
            return tqdm(
                total=total,
                desc=description,
                unit=_("条"),
                disable=no_progress,
                file=stream,
            )

        try:
            summary = import_messages(
                Path(file), site_code=site, channel_slug=channel, progress=progress
            )
        except ImportRefused as refused:
            for line in error_report(refused.errors):
                self.stderr.write(line)
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(str(summary)))
