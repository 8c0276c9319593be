"""Signals the disclosure app owns, for apps that read its documents."""

from django.dispatch import Signal

from core.signals import pages_bulk_added

# Sent after a batch of pages is written or switched live/not live on a fast
# path that bypasses Wagtail's page signals: pages added by
# core.page_tree.bulk_add_children (relayed below) and reposts switched with
# their source (reposting.services). Arguments: page_ids (list of int).
pages_bulk_written = Signal()


def _relay_added(sender, pages, **kwargs) -> None:
    # New pages are written pages: their readers (the citizens' search) listen
    # here. Connecting them to pages_bulk_added directly would drop this relay.
    pages_bulk_written.send(sender=sender, page_ids=[page.pk for page in pages])


pages_bulk_added.connect(_relay_added, dispatch_uid="disclosure-bulk-added-relay")
