"""A site builder for tests that build their own columns: the home page only."""

from __future__ import annotations

from home.skeleton import StandardSiteBuilder


class HomeOnlyBuilder(StandardSiteBuilder):
    """The project's home page, and no columns."""

    def build_columns(self, *, home, level):
        return []
