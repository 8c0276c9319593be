"""Pluggable construction of a new site's pages.

The registry knows no content types, so the home page and the standard column
skeleton come from a builder named by ``SITE_REGISTRY_SITE_BUILDER`` (a dotted
path to a ``SiteBuilder`` subclass). The project's builder is
``home.skeleton.StandardSiteBuilder``; ``BareSiteBuilder`` is the dummy.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from wagtail.models import Page


class SiteBuilder:
    """Creates the home page of a site or sub-site and its column skeleton."""

    def create_home(self, *, parent: Page, title: str, slug: str) -> Page:
        raise NotImplementedError

    def build_columns(self, *, home: Page, level: str) -> list[Page]:
        """The standard columns of a site of ``level`` (a ``SiteLevel``)."""
        raise NotImplementedError


class BareSiteBuilder(SiteBuilder):
    """A plain Wagtail page and no columns: for tests and minimal set-ups."""

    def create_home(self, *, parent: Page, title: str, slug: str) -> Page:
        home = Page(title=title, slug=slug)
        parent.add_child(instance=home)
        home.save_revision().publish()
        return home

    def build_columns(self, *, home: Page, level: str) -> list[Page]:
        return []


def get_site_builder() -> SiteBuilder:
    return import_string(settings.SITE_REGISTRY_SITE_BUILDER)()
