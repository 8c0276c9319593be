from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inspection import services


class Command(BaseCommand):
    help = "Probe every open site's primary domain once (V2; schedule ≥20 a day)."

    def handle(self, *args, **options):
        results = services.probe_sites()
        failed = sum(1 for result in results if not result.ok)
        self.stdout.write(
            _("已探测 %(total)d 个网站，%(failed)d 个无法访问。")
            % {"total": len(results), "failed": failed}
        )
