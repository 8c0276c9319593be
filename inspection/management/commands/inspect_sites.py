import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspection import services
from inspection.rules import all_rules


class Command(BaseCommand):
    help = "Inspect the cluster's sites against the national indicators (#5)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            dest="sites",
            default=[],
            help="site code (repeatable); default every open site",
        )
        parser.add_argument(
            "--check",
            action="append",
            dest="checks",
            default=[],
            help=f"rule name (repeatable): {', '.join(all_rules())}",
        )
        parser.add_argument(
            "--resume", action="store_true", help="continue the latest interrupted run"
        )
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default="",
            help="inspection day YYYY-MM-DD (default today): rules judge the "
            "sites as of that day",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, sites, checks, resume, as_of, no_progress, **options):
        today = None
        if as_of:
            try:
                today = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError(
                    _("检查日期“%(value)s”无效，请使用 YYYY-MM-DD 格式。")
                    % {"value": as_of}
                ) from error
        try:
            run = services.run_inspection(
                site_codes=sites,
                checks=checks,
                resume=resume,
                today=today,
                progress=not no_progress,
            )
        except services.InspectionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("检查任务 #%(pk)s 完成：%(steps)d 步，发现问题 %(count)d 个。")
            % {"pk": run.pk, "steps": run.steps_done, "count": run.findings_count}
        )
