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
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, sites, checks, resume, no_progress, **options):
        try:
            run = services.run_inspection(
                site_codes=sites,
                checks=checks,
                resume=resume,
                progress=not no_progress,
            )
        except services.InspectionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("检查任务 #%(pk)s 完成：%(steps)d 步，发现问题 %(count)d 个。")
            % {"pk": run.pk, "steps": run.steps_done, "count": run.findings_count}
        )
