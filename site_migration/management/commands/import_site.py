"""manage.py import_site PACKAGE --site CODE [--dry-run] [--strict] [--no-progress].

Imports a migration package (docs/import-format.md) into a site or sub-site.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from disclosure_pages.selectors import find_site_section
from site_migration.choices import RunStatus
from site_migration.models import MigrationRun
from site_migration.reports import report_lines
from site_migration.services import run_package


class Command(BaseCommand):
    help = (
        "Import a site migration package (a directory or a .zip) into a site or "
        "sub-site: columns, organisations, pages, messages and their files. "
        "Re-running updates instead of duplicating."
    )

    def add_arguments(self, parser):
        parser.add_argument("package", help="The package directory or .zip file.")
        parser.add_argument(
            "--site",
            required=True,
            help="Site code, host name or root slug; a sub-site as PARENT/SLUG.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and report, then roll back.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Refuse legacy values instead of mapping them leniently.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bars."
        )

    def handle(self, *args, package, site, dry_run, strict, no_progress, **options):
        path = Path(package)
        if not path.exists() and not path.is_symlink():
            raise CommandError(_("迁移包不存在：%(path)s") % {"path": path})
        try:
            section = find_site_section(code=site)
        except Site.DoesNotExist as error:
            raise CommandError(_("找不到站点：%(site)s") % {"site": site}) from error
        run = MigrationRun.objects.create(
            site=section.root_page,
            package_name=path.name,
            dry_run=dry_run,
            strict=strict,
        )
        run = run_package(run, path, progress=not no_progress)
        if run.status == RunStatus.FAILED:
            raise CommandError(run.error)
        for line in report_lines(run.report):
            self.stdout.write(line)
