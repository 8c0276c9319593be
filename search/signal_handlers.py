"""Thin receivers: page changes re-sync the search entries in a background task.

Publishing, unpublishing, moving and deleting a page, and changing a view
restriction (which hides a whole section), each enqueue one task after the
transaction commits, so the worker sees the committed pages.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import analysis


def _enqueue(page_ids) -> None:
    from search.tasks import sync_pages_task

    page_ids = list(page_ids)
    if page_ids:
        transaction.on_commit(lambda: sync_pages_task.enqueue(page_ids))


def _subtree(page) -> list[int]:
    from search.services import subtree_page_ids

    return subtree_page_ids(page=page)


def _with_dependents(page) -> list[int]:
    from search.services import dependent_page_ids

    # Reposts show their source's content and go with its publication state.
    return [page.pk, *dependent_page_ids(page)]


def _published(instance, **kwargs) -> None:
    _enqueue(_with_dependents(instance))


def _unpublished(instance, **kwargs) -> None:
    # Unpublishing a section unpublishes its descendants one by one; each sends
    # its own signal.
    _enqueue(_with_dependents(instance))


def _moved(instance, **kwargs) -> None:
    # Breadcrumbs and the owning site of the whole subtree may have changed.
    _enqueue(_subtree(instance))


def _page_deleted(instance, **kwargs) -> None:
    # The entry row goes with the page (CASCADE); remove it from the index now,
    # while it can still be read (queued when the engine is down).
    from search.models import SearchEntry
    from search.services import remove_from_index

    remove_from_index(entries=list(SearchEntry.objects.filter(page_id=instance.pk)))


def _restriction_changed(instance, **kwargs) -> None:
    if instance.page_id:
        _enqueue(_subtree(instance.page))


def _bulk_written(page_ids, **kwargs) -> None:
    _enqueue(page_ids)


def _relations_changed(page_ids, **kwargs) -> None:
    # Documents amended or repealed (or restored) change their 有效性 facet,
    # and so do their reposts, which show it.
    pages = Page.objects.filter(pk__in=page_ids).specific()
    _enqueue([pk for page in pages for pk in _with_dependents(page)])


def _bulk_added(pages, **kwargs) -> None:
    _enqueue([page.pk for page in pages])


def _message_changed(message, **kwargs) -> None:
    from search.tasks import sync_messages_task

    message_ids = [message.pk]
    transaction.on_commit(lambda: sync_messages_task.enqueue(message_ids))


def _message_deleted(instance, **kwargs) -> None:
    # As for a page: the row goes (CASCADE), the index entry is removed now.
    from search.models import SearchEntry
    from search.services import remove_from_index

    remove_from_index(entries=list(SearchEntry.objects.filter(message_id=instance.pk)))


def _synonyms_changed(**kwargs) -> None:
    analysis.reset()


def _pending_updates_waiting(*, backend_name: str, **kwargs) -> None:
    from search.tasks import apply_pending_updates_task

    apply_pending_updates_task.enqueue(backend_name=backend_name)


def register() -> None:
    from core.signals import pages_bulk_added
    from disclosure_pages.signals import pages_bulk_written, relations_changed
    from interaction.models import Message
    from interaction.signals import message_changed
    from search.models import SynonymGroup
    from search.services import pending_updates_waiting

    pages_bulk_added.connect(_bulk_added, dispatch_uid="search-bulk-added")
    pages_bulk_written.connect(_bulk_written, dispatch_uid="search-bulk-written")
    relations_changed.connect(_relations_changed, dispatch_uid="search-relations")
    pending_updates_waiting.connect(
        _pending_updates_waiting, dispatch_uid="search-pending-updates"
    )

    message_changed.connect(_message_changed, dispatch_uid="search-message")
    pre_delete.connect(
        _message_deleted, sender=Message, dispatch_uid="search-message-deleted"
    )
    page_published.connect(_published, dispatch_uid="search-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(_moved, dispatch_uid="search-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="search-deleted")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-vr-save"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-vr-del"
    )
    post_save.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="search-syn")
    post_delete.connect(
        _synonyms_changed, sender=SynonymGroup, dispatch_uid="search-syn-del"
    )
