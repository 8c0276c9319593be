"""The static files issue #22 adds to public pages, in one place.

tests/core/test_static_budget.py gzips them and holds the budget: the
accessibility toolbar, the catalog tree and the phone menu (core.a11y) plus the
page tools of document pages add at most 15 KB of compressed JavaScript and CSS.
Add a new file of those features here, or the budget test cannot see it.
"""

from core import a11y

BUDGET_BYTES = 15 * 1024
# The toolbar, tree and menu alone (the page tools get the rest).
TOOLBAR_BUDGET_BYTES = 9 * 1024

TOOLBAR_FILES: tuple[str, ...] = a11y.STATIC_FILES
# The page tools of document and news pages (print, share, font size...).
PAGE_TOOLS_FILES: tuple[str, ...] = ("css/document.css", "js/page_tools.js")

FILES: tuple[str, ...] = (*TOOLBAR_FILES, *PAGE_TOOLS_FILES)
