"""Signals the disclosure app owns, for apps that read its documents."""

from django.dispatch import Signal

# Sent after reposts are switched live/not live with their source
# (reposting.services), a fast path that bypasses Wagtail's page signals.
# Pages added in bulk are announced by core.signals.pages_bulk_added instead.
# Arguments: page_ids (list of int).
pages_bulk_written = Signal()
