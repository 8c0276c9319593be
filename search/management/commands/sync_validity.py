"""manage.py sync_validity: refresh the 有效性 of search entries whose
documents changed by date (expiry reached, amendment or repeal taking effect).
Run daily from cron, shortly after midnight."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from search import services


class Command(BaseCommand):
    help = "按日期刷新搜索条目中文件的有效性（到期失效、修改或废止生效）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=2,
            help="Look back this many days (default 2: a missed run is caught up).",
        )

    def handle(self, *args, days=2, **options):
        today = timezone.localdate()
        count = services.sync_validity_changes(
            since=today - datetime.timedelta(days=max(days, 1)), until=today
        )
        self.stdout.write(f"{count} page(s) re-synced")
