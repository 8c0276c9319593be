"""manage.py import_calendar FILE: the office's holiday schedule from CSV or JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workdays.services import CalendarImportError, import_calendar, import_summary


class Command(BaseCommand):
    help = "Import public holidays and make-up working days (CSV or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            result = import_calendar(name=file.name, content=content)
        except CalendarImportError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(self.style.SUCCESS(import_summary(result)))
