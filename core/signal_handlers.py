"""Thin receivers: any change to what is public invalidates cached fragments."""

from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from core.cache import bump_content_version


def _invalidate(**kwargs) -> None:
    bump_content_version()


def register() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site

    page_published.connect(_invalidate, dispatch_uid="core-cache-published")
    page_unpublished.connect(_invalidate, dispatch_uid="core-cache-unpublished")
    page_slug_changed.connect(_invalidate, dispatch_uid="core-cache-slug")
    # Moves and reordering change menus; deletion removes items.
    post_save.connect(_invalidate, sender=Site, dispatch_uid="core-cache-site")
    post_delete.connect(_invalidate, sender=Page, dispatch_uid="core-cache-deleted")
    post_page_move.connect(_invalidate, dispatch_uid="core-cache-moved")
