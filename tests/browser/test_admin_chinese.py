"""The Chinese admin shows no untranslated English on its main screens (13.14).

Logs in as the office, visits the dashboard, the explorer, a page editor (with
an autosave and a validation error), documents, images, snippets and settings,
and lists every visible text (and placeholder) that is mostly ASCII letters and
contains a common English word. Proper nouns are allowed explicitly.
"""

import re

import pytest

from disclosure_pages.models import DisclosureDocumentPage
from tests.browser.conftest import log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = re.compile(
    r"\b(the|a|an|of|to|in|is|are|all|any|and|or|no|not|by|at|for|with|page|pages"
    r"|search|save|saved|saving|edit|add|delete|document|documents|image|images"
    r"|snippet|snippets|settings|toggle|checks|autosave|paused|error|errors"
    r"|validation|more|view|status|live|draft|publish|published|preview|sort"
    r"|filter|filters|actions?|select|choose|upload|collection|title|date|type"
    r"|help|menu|account|log|out|reports|users|groups|sites|workflows|items?"
    r"|created|updated|owner|locked|unlocked|history|comments?|close|open|show"
    r"|hide|back|next|previous|cancel|yes|your|you|this|that|has|have|been|was)\b",
    re.IGNORECASE,
)
# Proper nouns and codes that stay in Latin letters in the Chinese admin.
ALLOWED = re.compile(
    r"^(Wagtail|Wagtail CMS|API|PDF|DOCX?|XLSX?|OFD|WPS|CSV|TXT|ZIP|JPE?G|PNG"
    r"|SVG|URL|ID|QR|TOTP|office|English|简体中文|[\w.+-]+@[\w.-]+)$",
    re.IGNORECASE,
)

COLLECT = r"""() => {
  const out = [];
  const visible = el => {
    if (!el) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    if (el.closest('.w-sr-only, .visuallyhidden, [hidden], template')) return false;
    return el.getClientRects().length > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName))
      continue;
    if (parent.closest('.Draftail-Editor, [contenteditable=true], code, pre'))
      continue;
    if (visible(parent)) out.push(text);
  }
  // Labels of visible controls: placeholders, icon buttons' names, tooltips.
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      if (visible(el)) out.push(el.getAttribute(attr).trim());
    }
  }
  return out;
}"""


def english_texts(page) -> list[str]:
    found = []
    for text in page.evaluate(COLLECT):
        letters = sum(ch.isascii() and ch.isalpha() for ch in text)
        if letters < 3 or letters < len(text.replace(" ", "")) / 2:
            continue
        if ALLOWED.match(text) or not ENGLISH.search(text):
            continue
        found.append(text)
    return sorted(set(found))


def test_main_admin_screens_have_no_english(live_server, demo_cluster, page):
    base = log_in_to_admin(page, live_server)

    document = DisclosureDocumentPage.objects.filter(slug="doc-001").first()
    problems = {}

    def check(label):
        page.wait_for_load_state("networkidle")
        texts = english_texts(page)
        if texts:
            problems[label] = texts

    for label, path in [
        ("dashboard", "/admin/"),
        ("explorer", f"/admin/pages/{document.get_parent().pk}/"),
        ("documents", "/admin/documents/"),
        ("images", "/admin/images/"),
        ("snippets", "/admin/snippets/"),
        ("settings", "/admin/settings/core/sitetheme/"),
    ]:
        page.goto(base + path)
        check(label)

    page.goto(f"{base}/admin/pages/{document.pk}/edit/")
    title = page.locator("#id_title")
    title.wait_for()
    # A change starts an autosave; its status shows in the header.
    # The unsaved-changes watcher takes its baseline of the form shortly after
    # load; a change made before that would not count as a change.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2000)
    title.click()
    page.keyboard.press("End")
    page.keyboard.type("（修订）")
    saved = page.locator("#w-autosave-indicator .w-autosave-indicator__state--saved")
    saved.wait_for(state="visible", timeout=20_000)
    check("page edit, autosaved")
    # An empty title fails validation: the banner and the paused autosave.
    title.fill("")
    page.wait_for_timeout(3000)
    page.locator("button[name=action-publish]").count()  # footer rendered
    page.keyboard.press("Control+s")
    page.wait_for_load_state("networkidle")
    page.locator(
        ".help-block.help-critical, .w-field__errors, .messages"
    ).first.wait_for()
    check("page edit, validation error")

    # Leave the editor so it stops calling the server before the database is reset.
    page.goto("about:blank")
    assert problems == {}, "Untranslated English on admin screens: " + repr(problems)
