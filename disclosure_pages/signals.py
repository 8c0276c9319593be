"""Signals the disclosure app owns, for apps that read its documents."""

from django.dispatch import Signal

# Sent after reposts are switched live/not live with their source
# (reposting.services), a fast path that bypasses Wagtail's page signals.
# Pages added in bulk are announced by core.signals.pages_bulk_added instead.
# Arguments: page_ids (list of int).
pages_bulk_written = Signal()

# Sent when relations that amend or repeal documents start or end (their
# declaring document published, changed or unpublished): the 有效性 of the
# documents changes. Arguments: page_ids (the targets, list of int).
relations_changed = Signal()
