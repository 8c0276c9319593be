"""Thin handlers: a source's publication state carries over to its reposts."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from disclosure_pages.models import DisclosureDocumentPage


def _on_unpublished(sender, instance, **kwargs):
    from reposting.services import source_unpublished

    source_unpublished(source=instance, user=kwargs.get("user"))


def _on_published(sender, instance, **kwargs):
    from reposting.services import source_republished

    source_republished(
        source=instance, user=getattr(kwargs.get("revision"), "user", None)
    )


page_unpublished.connect(_on_unpublished, sender=DisclosureDocumentPage)
page_published.connect(_on_published, sender=DisclosureDocumentPage)


def _on_delete(sender, instance, **kwargs):
    from reposting.models import RepostPage

    # Through the page API so that the tree (numchild) stays consistent.
    for repost in RepostPage.objects.filter(source_id=instance.pk):
        repost.delete()


pre_delete.connect(_on_delete, sender=DisclosureDocumentPage)
