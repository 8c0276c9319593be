"""manage.py pull_upstream URL --column SLUG [--organization NAME] | --configured."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reposting.choices import ImportRunStatus
from reposting.services import (
    ensure_library_column,
    organization_named,
    pull_feed_config,
)
from reposting.upstream.pull import pull_upstream


class Command(BaseCommand):
    help = (
        "Pull an RSS, Atom or JSON feed of upstream documents into the library; "
        "or, with --configured, every feed of REPOSTING_UPSTREAM_FEEDS."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", default="")
        parser.add_argument("--column", default="gwywj", help="Library column slug.")
        parser.add_argument(
            "--column-title", default="国务院文件", help="Title if it is new."
        )
        parser.add_argument(
            "--organization", default="", help="Default source organisation name."
        )
        parser.add_argument("--configured", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, url, column, column_title, organization, **options):
        progress = not options["no_progress"]
        if options["configured"]:
            runs = [
                pull_feed_config(config=config, progress=progress)
                for config in getattr(settings, "REPOSTING_UPSTREAM_FEEDS", [])
            ]
        elif url:
            try:
                default_org = organization_named(organization)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            target = ensure_library_column(slug=column, title=column_title)
            runs = [
                pull_upstream(
                    url=url,
                    column=target,
                    organization=default_org,
                    progress=progress,
                )
            ]
        else:
            raise CommandError(_("请给出来源地址，或使用 --configured。"))
        failed = False
        for run in runs:
            self.stdout.write(f"{run.source}: {run.message}")
            for entry in run.skipped_entries.all():
                self.stdout.write(f"  #{entry.position} {entry.title}：{entry.reason}")
            failed = failed or run.status == ImportRunStatus.FAILED
        if failed:
            raise CommandError(_("有来源抓取失败，详见抓取记录。"))
