"""The standard pages of a new site, used by the site registry's open-site service.

The columns come from the office's skeleton (栏目模板) for the site's type
(``home.selectors.site_type_for_level``); see home/services.build_skeleton.
"""

from __future__ import annotations

from wagtail.models import Page

from site_registry.builders import SiteBuilder


class StandardSiteBuilder(SiteBuilder):
    def create_home(self, *, parent: Page, title: str, slug: str) -> Page:
        from home.models import HomePage

        home = HomePage(title=title, slug=slug, seo_title=title)
        parent.add_child(instance=home)
        home.save_revision().publish()
        return home

    def build_columns(self, *, home: Page, level: str) -> list[Page]:
        from home.selectors import site_type_for_level
        from home.services import build_skeleton

        return build_skeleton(home=home, site_type=site_type_for_level(level))
