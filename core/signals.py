"""Signals core owns, for apps that react to pages written past Wagtail's API."""

from django.dispatch import Signal

# Sent once by core.page_tree.bulk_add_children after the transaction that added
# the pages commits (never for a rolled-back batch), in place of the per-page
# signals Page.add_child/publish would send. Arguments: pages (list of the
# created pages, saved, with their ids).
pages_bulk_added = Signal()
