"""manage.py import_upstream FILE --column SLUG: JSON Lines into the library.

Same format and checks as import_documents (docs/import-format.md).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from disclosure_pages.importing.service import (
    carried_index_numbers,
    count_jsonl,
    iter_jsonl,
    problem_line,
    summary_line,
)
from reposting.services import ensure_library_column, organization_named
from reposting.upstream.pull import library_importer


class Command(BaseCommand):
    help = "Import upstream documents (JSON Lines) into a column of the library."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--column", default="gwywj")
        parser.add_argument("--column-title", default="国务院文件")
        parser.add_argument("--organization", default="")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, column, column_title, organization, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        try:
            default_org = organization_named(organization)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        target = ensure_library_column(slug=column, title=column_title)
        importer = library_importer(
            column=target, organization=default_org, base_dir=path.parent
        )
        with tqdm(
            total=count_jsonl(path), disable=options["no_progress"], unit="篇"
        ) as bar:
            try:
                importer.run(
                    iter_jsonl(path),
                    progress=bar,
                    held_index_numbers=carried_index_numbers(path),
                )
            finally:
                # Also after an interruption: what was written is reported.
                for problem in importer.summary.problems:
                    self.stdout.write(problem_line(problem))
                self.stdout.write(summary_line(importer.summary))
