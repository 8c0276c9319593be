"""Short default slugs for pages whose title is Chinese.

Wagtail's admin fills the slug from the title as the editor types; a Chinese
title gives a slug of up to 255 characters that becomes a long percent-encoded
URL. Pages get a short ASCII slug instead: one the page type derives from its
metadata (a document's 发文字号 → ``2024-12``) or a short id from the title.
"""

from __future__ import annotations

import hashlib

from django.utils.text import slugify

# A non-ASCII slug longer than this is replaced even if the editor typed it.
MAX_TYPED_SLUG = 20


def needs_default(slug: str, title: str) -> bool:
    """True when the slug is empty, or non-ASCII and filled from the title."""
    slug = slug.strip()
    if not slug:
        return True
    if slug.isascii():
        return False
    from_title = slugify(title, allow_unicode=True)
    filled = from_title.startswith(slug) and len(slug) >= min(len(from_title), 6)
    return filled or len(slug) > MAX_TYPED_SLUG


def title_slug(title: str) -> str:
    """A short id, stable for one title (the same draft posted twice agrees)."""
    return "p-" + hashlib.blake2s(title.strip().encode(), digest_size=4).hexdigest()


def free_child_slug(parent, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first no child of ``parent`` has."""
    from wagtail.models import Page

    slug, n = base, 1
    while Page.objects.child_of(parent).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def deduplicate_child_slugs(parent, pages) -> None:
    """Give unsaved new children of ``parent`` slugs free among its children
    and each other (``-2``, ``-3`` … as ``free_child_slug``), in one query."""
    from wagtail.models import Page

    taken = set(
        Page.objects.child_of(parent)
        .filter(slug__in=[p.slug for p in pages])
        .values_list("slug", flat=True)
    )
    for page in pages:
        base, n = page.slug, 1
        while page.slug in taken:
            n += 1
            page.slug = f"{base}-{n}"
        taken.add(page.slug)
