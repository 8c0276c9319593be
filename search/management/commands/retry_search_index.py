"""manage.py retry_search_index: apply the index updates queued while the
search engine was down. Safe to run from cron (e.g. every 5 minutes); the site
also applies them on its own at the first search the engine answers."""

from django.core.management.base import BaseCommand, CommandError

from search import engine, services
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "把搜索引擎故障期间积压的索引更新写入搜索引擎。"

    def add_arguments(self, parser):
        parser.add_argument("--backend", help="Only this search backend alias.")

    def handle(self, *args, backend=None, **options):
        try:
            applied = services.apply_pending_updates(backend_name=backend)
        except Exception as error:
            if not engine.is_unavailable(error):
                raise
            left = PendingIndexUpdate.objects.count()
            raise CommandError(
                f"search engine still unavailable ({error}); {left} update(s) queued"
            ) from error
        for name, count in applied.items():
            self.stdout.write(f"{name}: {count} queued update(s) applied")
