"""The standard pages of a new site, used by the site registry's open-site service."""

from __future__ import annotations

from wagtail.models import Page

from site_registry.builders import SiteBuilder

# Columns every site starts with (docs/domain.md b7). More column page types join
# this list as they are built.
STANDARD_COLUMNS = [
    ("xxgk", "政府信息公开", "disclosure_pages.DisclosureIndexPage"),
]


class StandardSiteBuilder(SiteBuilder):
    def create_home(self, *, parent: Page, title: str, slug: str) -> Page:
        from home.models import HomePage

        home = HomePage(title=title, slug=slug, seo_title=title)
        parent.add_child(instance=home)
        home.save_revision().publish()
        return home

    def build_columns(self, *, home: Page) -> list[Page]:
        from django.apps import apps

        columns = []
        for slug, title, model_path in STANDARD_COLUMNS:
            model = apps.get_model(model_path)
            existing = model.objects.child_of(home).filter(slug=slug).first()
            if existing is not None:
                columns.append(existing)
                continue
            column = model(title=title, slug=slug)
            home.add_child(instance=column)
            column.save_revision().publish()
            columns.append(column)
        return columns
