"""Performance budget of #22.6: the static files the toolbar, tree, menu and
page tools add, gzipped as a server sends them, stay within 15 KB (9 KB for the
toolbar's share)."""

import gzip

from django.contrib.staticfiles import finders

from core import static_budget


def _gzipped(path: str) -> int:
    found = finders.find(path)
    assert found, f"{path} is listed in core.static_budget but not found"
    with open(found, "rb") as handle:
        return len(gzip.compress(handle.read(), compresslevel=9))


def test_the_added_static_files_fit_the_budget():
    sizes = {path: _gzipped(path) for path in static_budget.FILES}
    assert sum(sizes.values()) <= static_budget.BUDGET_BYTES, sizes


def test_the_toolbar_tree_and_menu_fit_their_share():
    total = sum(_gzipped(path) for path in static_budget.TOOLBAR_FILES)
    assert 0 < total <= static_budget.TOOLBAR_BUDGET_BYTES, total


def test_every_public_page_links_the_toolbar_files():
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    for path in static_budget.TOOLBAR_FILES:
        assert f"{{% static '{path}' %}}" in source, path
