"""manage.py restore_skeletons [TYPE ...]: the shipped column skeletons again."""

from django.core.management.base import BaseCommand

from home.choices import SiteType
from home.services import restore_shipped_skeleton


class Command(BaseCommand):
    help = "Restore the shipped column skeletons (all, or the given site types)."

    def add_arguments(self, parser):
        parser.add_argument("site_types", nargs="*", choices=SiteType.values)

    def handle(self, *args, site_types, **options):
        for site_type in site_types or SiteType.values:
            skeleton = restore_shipped_skeleton(site_type=site_type)
            self.stdout.write(f"{site_type}: {skeleton.entries.count()}")
