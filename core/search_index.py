"""Writing the Wagtail search index in batches while pages are imported."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from wagtail.search.backends import get_search_backends

logger = logging.getLogger(__name__)


class _PendingIndex:
    """Page ids whose search-index entries are written in bulk, per batch."""

    def __init__(self, model, batch_size: int, related=(), enabled=True):
        self.model = model
        self.batch_size = batch_size
        self.related = related
        self.enabled = enabled
        self.ids: list[int] = []

    def add(self, page_id: int) -> None:
        if not self.enabled:
            return
        self.ids.append(page_id)
        if len(self.ids) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.ids:
            return
        # Related fields are indexed too (a document's organisation): join them.
        objects = list(
            self.model.objects.filter(pk__in=self.ids).select_related(*self.related)
        )
        for backend in get_search_backends(with_auto_update=True):
            try:
                backend.add_bulk(self.model, objects)
            except Exception:
                # As Wagtail's own indexing: an engine that is down must not
                # stop the import (the citizens' search entries are queued on
                # page_published and core.signals.pages_bulk_added, not here;
                # `update_index` rebuilds this index).
                logger.exception("Search index update failed during an import")
                if not backend.catch_indexing_errors:
                    raise
        self.ids = []


@contextmanager
def deferred_search_index(
    model, *, batch_size: int = 500, related: tuple[str, ...] = (), enabled=True
):
    """Index imported pages in batches instead of once per save.

    Wagtail updates the search index on every save of an indexed model; an
    import saves each page three times, and the database backend on PostgreSQL
    recomputes its title norms over the whole index on each update. While the
    import runs, this process's per-save handler for ``model`` is switched off
    and the pages are indexed in bulk after every ``batch_size`` documents and
    at the end. Other processes (the web workers) are not affected.
    ``related``: foreign keys the index reads, joined. With ``enabled`` False
    (a dry run) nothing is written to the index at all.
    """
    from django.db.models.signals import post_save
    from modelsearch.signal_handlers import post_save_signal_handler

    connected = post_save.disconnect(post_save_signal_handler, sender=model)
    pending = _PendingIndex(model, batch_size, related, enabled)
    try:
        yield pending
    finally:
        if connected:
            post_save.connect(post_save_signal_handler, sender=model)
        pending.flush()
