"""Writes of the search app: keep one ``SearchEntry`` per live public page, and
push the entries to the search backends; log queries."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from html import unescape as unescape_entities

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.models import Page
from wagtail.search import index

from search import analysis
from search.models import EntryKind, SearchEntry, SearchQueryLog
from site_registry.models import SiteProfile
from site_registry.selectors import profile_for_page

logger = logging.getLogger(__name__)

# Long pages are cut: the snippet and the ranking need the first part only,
# and the index stays small.
MAX_TEXT_LENGTH = 20_000

DEFAULT_KINDS = {
    "disclosure_pages.disclosuredocumentpage": EntryKind.DOCUMENT,
    "policy_interpretation.policyinterpretationpage": EntryKind.INTERPRETATION,
    "content.articlepage": EntryKind.NEWS,
    "content.noticepage": EntryKind.NEWS,
}
# Home pages are the site itself, not a result.
DEFAULT_EXCLUDED = {"home.homepage", "wagtailcore.page"}


def _label(page: Page) -> str:
    return page.specific_class._meta.label_lower if page.specific_class else ""


def kind_for(page: Page) -> str:
    kinds = {**DEFAULT_KINDS, **getattr(settings, "SEARCH_ENTRY_KINDS", {})}
    return kinds.get(_label(page), EntryKind.PAGE)


def is_searchable_type(page: Page) -> bool:
    excluded = DEFAULT_EXCLUDED | set(
        getattr(settings, "SEARCH_EXCLUDED_PAGE_TYPES", [])
    )
    return _label(page) not in excluded


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        # Some search fields hold several values (e.g. a document's texts).
        return " ".join(_plain(part) for part in value)
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        value = " ".join(
            str(part) for part in stream_block.get_searchable_content(value)
        )
    return unescape_entities(strip_tags(str(value)))


def page_text(page: Page) -> str:
    """The text of every search field of the page type except its title."""
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            value = field.get_value(page)
        except Exception:
            logger.exception("Search text of %s field %s", page.pk, field.field_name)
            continue
        text = _plain(value).strip()
        if text and text not in parts:
            parts.append(text)
    return " ".join(" ".join(parts).split())[:MAX_TEXT_LENGTH]


def source_page_id(page: Page) -> int | None:
    """The page this page copies, as answered by a ``search_result_source`` hook
    (the reposting app registers one); None when no hook knows."""
    for hook in hooks.get_hooks("search_result_source"):
        source = hook(page)
        if source is not None:
            return source if isinstance(source, int) else source.pk
    return None


def dependent_page_ids(page: Page) -> list[int]:
    """Pages whose entries show ``page``'s content (its reposts), as the
    ``search_dependent_pages`` hooks say: they are re-synced with it."""
    ids: list[int] = []
    for hook in hooks.get_hooks("search_dependent_pages"):
        ids.extend(hook(page) or [])
    return ids


def _date(page: Page) -> datetime.date | None:
    moment = page.first_published_at or page.last_published_at
    return timezone.localdate(moment) if moment else None


def entry_values(
    page: Page, profile: SiteProfile, *, source: Page | None = None
) -> dict:
    """What the entry of ``page`` holds (``page`` is the specific page). A
    repost's entry holds its ``source``'s content and metadata, found where the
    repost is (site, breadcrumbs)."""
    location, page = page, source or page
    organization = ""
    if getattr(page, "publisher_display", ""):
        organization = page.publisher_display
    elif getattr(page, "interpreter", ""):
        organization = page.interpreter
    elif getattr(page, "issuer", ""):
        organization = page.issuer
    subject = getattr(page, "subject", None)
    document_number = getattr(page, "document_number", "") or ""
    index_number = getattr(page, "index_number", "") or ""
    validity = (
        getattr(page, "current_validity", "") if document_number or index_number else ""
    )
    if hasattr(page, "current_validity"):
        validity = page.current_validity
    text = page_text(page)
    date = _date(page)
    ancestors = location.get_ancestors().filter(depth__gt=profile.root_page.depth)
    return {
        "profile": profile,
        "hosting_profile": profile.hosting_site(),
        "kind": kind_for(page),
        "title": page.title[:255],
        "title_segmented": analysis.segment(page.title),
        "text": text,
        "text_segmented": analysis.segment(text),
        "breadcrumbs": [profile.name, *(a.title for a in ancestors)],
        "document_number": document_number[:64],
        "document_number_key": analysis.document_number_key(document_number),
        "index_number": index_number[:40],
        "index_number_key": analysis.index_number_key(index_number),
        "organization": (organization or "")[:128],
        "subject": getattr(subject, "name", "")[:128] if subject else "",
        "genre": getattr(page, "genre", "") or "",
        "validity": validity or "",
        "date": date,
        "year": date.year if date else None,
        "private": location.get_view_restrictions().exists()
        or (source is not None and source.get_view_restrictions().exists()),
        "source_page_id": source.pk if source is not None else None,
    }


def _searchable_profile(page: Page) -> SiteProfile | None:
    if not page.live or page.expired or not is_searchable_type(page):
        return None
    return profile_for_page(page=page)


def _live_source(page: Page) -> tuple[bool, Page | None]:
    """(is a copy, its live source): a copy of a withdrawn source is not found."""
    source_id = source_page_id(page)
    if source_id is None:
        return False, None
    source = Page.objects.live().filter(pk=source_id).first()
    return True, source.specific if source is not None else None


@transaction.atomic
def sync_page(*, page_id: int, update_index: bool = True) -> SearchEntry | None:
    """Create, update or remove the entry of one page, then the index."""
    page = Page.objects.filter(pk=page_id).first()
    specific = page.specific if page is not None else None
    profile = _searchable_profile(specific) if specific is not None else None
    source = None
    if profile is not None:
        is_copy, source = _live_source(specific)
        if is_copy and source is None:
            profile = None
    existing = SearchEntry.objects.filter(page_id=page_id).first()
    if profile is None:
        if existing is not None:
            if update_index:
                index.remove_object(existing)
            existing.delete()
            _refresh_group(existing.source_page_id or page_id, update_index)
        return None
    entry, _created = SearchEntry.objects.update_or_create(
        page=page, defaults=entry_values(specific, profile, source=source)
    )
    changed = _refresh_group(entry.source_page_id or page_id, update_index)
    if update_index and entry.pk not in changed:
        entry.refresh_from_db(fields=["canonical"])
        index.insert_or_update_object(entry)
    return entry


def _refresh_group(source_id: int, update_index: bool) -> set[int]:
    """Keep one canonical entry per document: the source's own entry when it
    has one, else its copy with the lowest id. Returns the entries re-indexed."""
    copies = SearchEntry.objects.filter(source_page_id=source_id)
    if not copies.exists():
        return set()
    if SearchEntry.objects.filter(page_id=source_id).exists():
        keep = None
    else:
        keep = copies.order_by("pk").values_list("pk", flat=True).first()
    stale = list(
        copies.filter(canonical=True).exclude(pk=keep)
        | copies.filter(pk=keep, canonical=False)
    )
    for entry in stale:
        entry.canonical = entry.pk == keep
        entry.save(update_fields=["canonical"])
        if update_index:
            index.insert_or_update_object(entry)
    return {entry.pk for entry in stale}


def sync_pages(*, page_ids: Iterable[int], update_index: bool = True) -> int:
    count = 0
    for page_id in page_ids:
        sync_page(page_id=page_id, update_index=update_index)
        count += 1
    return count


def subtree_page_ids(*, page: Page) -> list[int]:
    return list(
        Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


def rebuild_entries(*, progress=None) -> int:
    """Rebuild every entry from the pages (no index update: ``update_index``
    follows and rebuilds the index atomically). ``progress`` wraps the ids."""
    page_ids = list(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    SearchEntry.objects.exclude(page_id__in=page_ids).delete()
    if progress is not None:
        page_ids = progress(page_ids)
    for page_id in page_ids:
        sync_page(page_id=page_id, update_index=False)
    return SearchEntry.objects.count()


def log_query(
    *,
    query: str,
    profile: SiteProfile | None,
    whole_cluster: bool,
    result_count: int,
    duration_ms: int,
    via_api: bool = False,
) -> SearchQueryLog:
    """Record one search: no address, user or session, only what was asked."""
    return SearchQueryLog.objects.create(
        query=query[:200],
        profile=profile,
        whole_cluster=whole_cluster,
        result_count=result_count,
        duration_ms=max(0, duration_ms),
        via_api=via_api,
    )
