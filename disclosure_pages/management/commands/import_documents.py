"""manage.py import_documents FILE --site CODE [--column SLUG] [--strict].

See docs/import-format.md.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Site

from disclosure_pages.importing.service import (
    DocumentImporter,
    carried_index_numbers,
    count_jsonl,
    iter_jsonl,
    iter_text_files,
    problem_line,
    summary_line,
)
from disclosure_pages.models import DisclosureColumnPage, Organization
from disclosure_pages.selectors import find_column, find_site_section


class Command(BaseCommand):
    help = (
        "Import documents into a disclosure column from JSON Lines, or from plain "
        "text files (.txt, or a directory of them). Re-running updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, a .txt file or a directory.")
        parser.add_argument(
            "--site",
            required=True,
            help="Site code, host name or root slug; a sub-site as PARENT/SLUG.",
        )
        parser.add_argument(
            "--column",
            default="",
            help="Slug of the column for records without their own `column`.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Refuse records whose genre or subject is not in the managed "
            "lists or the legacy-value table (instead of 其他 with a warning).",
        )
        parser.add_argument(
            "--organization",
            default="",
            help="Default publishing organisation (name or code) for records "
            "whose organisation is not registered.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(
        self, *args, file, site, column, organization, strict, no_progress, **options
    ):
        path = Path(file)
        if not path.exists():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        try:
            target_site = find_site_section(code=site)
        except Site.DoesNotExist as error:
            raise CommandError(_("找不到站点：%(site)s") % {"site": site}) from error
        target_column = None
        if column:
            try:
                target_column = find_column(site=target_site, slug=column)
            except DisclosureColumnPage.DoesNotExist as error:
                raise CommandError(
                    _("站点 %(site)s 下找不到栏目：%(column)s")
                    % {"site": site, "column": column}
                ) from error
        default_org = None
        if organization:
            default_org = (
                Organization.objects.filter(name=organization).first()
                or Organization.objects.filter(org_code=organization).first()
                or Organization.objects.filter(credit_code=organization).first()
            )
            if default_org is None:
                raise CommandError(
                    _("找不到发布机构：%(name)s") % {"name": organization}
                )

        is_text = path.is_dir() or path.suffix.lower() == ".txt"
        if is_text:
            files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
            items = iter_text_files(files)
            total = len(files)
            held = set()
        else:
            items = iter_jsonl(path)
            total = count_jsonl(path)
            held = carried_index_numbers(path)
        importer = DocumentImporter(
            section_root=target_site.root_page,
            column=target_column,
            default_organization=default_org,
            base_dir=path if path.is_dir() else path.parent,
            strict=strict,
        )
        with tqdm(
            total=total,
            unit=_("篇"),
            desc=_("导入"),
            disable=no_progress,
            file=sys.stderr,
        ) as progress:
            try:
                importer.run(items, progress=progress, held_index_numbers=held)
            finally:
                # Also after an interruption: what was written is reported.
                self._report(importer.summary)

    def _report(self, report) -> None:
        for problem in report.problems:
            self.stderr.write(problem_line(problem))
        style = self.style.SUCCESS if not report.failed else self.style.WARNING
        self.stdout.write(style(summary_line(report)))
