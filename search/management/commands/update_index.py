"""Wagtail's ``update_index``, with the search entries rebuilt first and a
progress bar (tqdm) instead of Wagtail's rows of dots.

The rebuild itself is Wagtail's: on the engine with ``ATOMIC_REBUILD`` it fills
a new index and swaps the alias when done, so searches never see a half index.
"""

import math

from django.db import transaction
from tqdm import tqdm

from search import services
from search.engine_adapter import RebuildIndexCommand as WagtailUpdateIndexCommand


class Command(WagtailUpdateIndexCommand):
    help = "重建站内搜索条目和搜索索引（引擎上原子切换别名）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--skip-entries",
            action="store_true",
            help="Do not rebuild the search entries from the pages first.",
        )

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        if not options.get("skip_entries") and not options.get("schema_only"):
            count = services.rebuild_entries(progress=self._bar("search entries"))
            self.write(f"search entries: {count}")
        super().handle(**options)

    def _bar(self, label):
        def wrap(items):
            return tqdm(
                items, desc=label, unit="page", disable=self.verbosity == 0,
                file=self.stderr._out,
            )  # fmt: skip

        return wrap

    def print_iter_progress(self, iterable):
        # The bar is drawn by queryset_chunks, which knows the count.
        return iterable

    @transaction.atomic
    def queryset_chunks(self, qs, chunk_size=1000):
        total = qs.count()
        with tqdm(
            total=total, unit="obj", disable=self.verbosity == 0,
            file=self.stderr._out, leave=True,
        ) as bar:  # fmt: skip
            for i in range(math.ceil(total / chunk_size) if total else 0):
                items = list(qs[i * chunk_size :][:chunk_size])
                if not items:
                    break
                yield items
                bar.update(len(items))
