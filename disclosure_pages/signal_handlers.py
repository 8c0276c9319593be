"""Thin handlers: unpublishing or deleting a document restores what it amended
or repealed (docs/domain.md b10)."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_unpublished

from disclosure_pages.models import DisclosureDocumentPage


def _on_unpublished(sender, instance, **kwargs):
    from disclosure_pages.services import relations_lapsed

    relations_lapsed(page=instance)


def _on_delete(sender, instance, **kwargs):
    from disclosure_pages.services import relations_lapsed

    # The rows go with the page (CASCADE); say so while they can be read.
    if instance.live:
        relations_lapsed(page=instance)


page_unpublished.connect(_on_unpublished, sender=DisclosureDocumentPage)
pre_delete.connect(_on_delete, sender=DisclosureDocumentPage)
