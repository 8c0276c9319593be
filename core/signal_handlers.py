"""Thin receivers: any change to what is public invalidates cached fragments."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from core.cache import bump_content_version


def _invalidate(**kwargs) -> None:
    bump_content_version()


def _forget_theme(instance, **kwargs) -> None:
    from django.core.cache import cache

    from core.selectors import THEME_CACHE_KEY

    cache.delete(THEME_CACHE_KEY.format(site_id=instance.site_id))


def register() -> None:
    from core.models import SiteTheme

    post_save.connect(_forget_theme, sender=SiteTheme, dispatch_uid="core-theme-saved")
    post_delete.connect(_forget_theme, sender=SiteTheme, dispatch_uid="core-theme-del")
    from wagtail.models import Page, Site

    page_published.connect(_invalidate, dispatch_uid="core-cache-published")
    page_unpublished.connect(_invalidate, dispatch_uid="core-cache-unpublished")
    page_slug_changed.connect(_invalidate, dispatch_uid="core-cache-slug")
    # Moves and reordering change menus; deletion removes items.
    post_save.connect(_invalidate, sender=Site, dispatch_uid="core-cache-site")
    post_delete.connect(_invalidate, sender=Page, dispatch_uid="core-cache-deleted")
    post_page_move.connect(_invalidate, dispatch_uid="core-cache-moved")
