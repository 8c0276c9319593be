"""Signals the disclosure app owns, for apps that read its documents."""

from django.dispatch import Signal

# Sent after a batch of imported documents is written on the importer's fast
# path, which publishes without Wagtail's page_published signal.
# Arguments: page_ids (list of int).
documents_imported = Signal()
