"""manage.py send_application_reminders: the daily deadline e-mail (cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from applications.services.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each organ's disclosure office its due-soon and overdue "
        "applications; at most once per office and day."
    )

    def handle(self, *args, **options):
        summary = send_reminders(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(str(summary)))
