"""Signals the disclosure app owns, for apps that read its documents."""

from django.dispatch import Signal

# Sent after a batch of pages is written or switched live/not live on a fast
# path that bypasses Wagtail's page signals: the importer's documents and the
# reposts (reposting.services). Arguments: page_ids (list of int).
pages_bulk_written = Signal()
