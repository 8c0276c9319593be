"""Writes of the search app: keep one ``SearchEntry`` per live public page, and
push the entries to the search backends; log queries."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from html import unescape as unescape_entities

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.models import Page
from wagtail.search import index

from search import analysis, attachments
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
    # A press conference is a form of interpretation; a proposal reply is a
    # disclosure document.
    "policy_interpretation.pressconferencepage": EntryKind.INTERPRETATION,
    "disclosure_pages.proposalreplypage": EntryKind.DOCUMENT,
    "content.articlepage": EntryKind.NEWS,
    "content.noticepage": EntryKind.NEWS,
    "service_guides.serviceguidepage": EntryKind.SERVICE,
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


def related_text(page: Page) -> str:
    """What an interpretation (or a press conference) is searched by besides
    its own text: its live sources' document numbers (as written and as
    keys), titles and subjects."""
    sources = []
    for name in ("live_sources", "live_documents"):
        method = getattr(page, name, None)
        if callable(method):
            sources = method()
            break
    parts: list[str] = []
    for document in sources:
        number = getattr(document, "document_number", "") or ""
        subject = getattr(document, "subject", None)
        for part in (
            number,
            analysis.document_number_key(number),
            document.title,
            getattr(subject, "name", "") if subject else "",
        ):
            if part and part not in parts:
                parts.append(part)
    return " ".join(parts)[:MAX_TEXT_LENGTH]


def content_values(page: Page) -> dict:
    """What an entry shows of ``page`` (the specific page): title, text and
    metadata. A repost's entry shows its source's."""
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
    kind = kind_for(page)
    # Only documents have a validity (the filter lets the other kinds pass).
    validity = (
        getattr(page, "current_validity", "") or ""
        if kind == EntryKind.DOCUMENT
        else ""
    )
    text = page_text(page)
    related = related_text(page)
    date = _date(page)
    return {
        "kind": kind,
        "title": page.title[:255],
        "title_segmented": analysis.segment(page.title),
        "title_unmarked": analysis.unmarked(page.title)[:255],
        "text": text,
        "text_segmented": analysis.segment(text),
        "related_text": related,
        "related_text_segmented": analysis.segment(related),
        "document_number": document_number[:64],
        "document_number_key": analysis.document_number_key(document_number),
        "index_number": index_number[:40],
        "index_number_key": analysis.index_number_key(index_number),
        "organization": (organization or "")[:128],
        "subject": getattr(subject, "name", "")[:128] if subject else "",
        "genre": getattr(page, "genre", "") or "",
        "validity": validity,
        "date": date,
        "year": date.year if date else None,
        "private": page.get_view_restrictions().exists(),
        # Read here, in the sync task (off the request), capped (#20.6).
        **attachments.attachment_values(page),
    }


def entry_values(
    page: Page,
    profile: SiteProfile,
    *,
    source: Page | None = None,
    content: dict | None = None,
) -> dict:
    """What the entry of ``page`` holds (``page`` is the specific page). A
    repost's entry holds its ``source``'s content (``content`` when the caller
    already has it), found where the repost is (site, breadcrumbs)."""
    values = dict(content or content_values(source or page))
    ancestors = page.get_ancestors().filter(depth__gt=profile.root_page.depth)
    if source is not None:
        values["private"] = values["private"] or page.get_view_restrictions().exists()
    return {
        **values,
        "profile": profile,
        "hosting_profile": profile.hosting_site(),
        "breadcrumbs": [profile.name, *(a.title for a in ancestors)],
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


class _Batch:
    """One sync run: entries to (re)index or remove, document groups whose
    canonical entry may change, and each source's content computed once (a
    document reposted to 200 sites is segmented once, not 200 times)."""

    def __init__(self) -> None:
        self.written: dict[int, SearchEntry] = {}
        self.removed: list[SearchEntry] = []
        self.groups: set[int] = set()
        self.contents: dict[int, dict] = {}

    def content(self, source: Page) -> dict:
        if source.pk not in self.contents:
            self.contents[source.pk] = content_values(source)
        return self.contents[source.pk]


def _write_entry(page_id: int, batch: _Batch) -> SearchEntry | None:
    """Create, update or delete the entry row of one page (no index update)."""
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
            batch.removed.append(existing)
            batch.groups.add(existing.source_page_id or page_id)
            existing.delete()
        return None
    content = batch.content(source) if source is not None else None
    entry, _created = SearchEntry.objects.update_or_create(
        page=page,
        defaults=entry_values(specific, profile, source=source, content=content),
    )
    batch.written[entry.pk] = entry
    batch.groups.add(entry.source_page_id or page_id)
    return entry


def _refresh_group(source_id: int, batch: _Batch) -> None:
    """Keep one canonical entry per document: the source's own entry when it
    has one, else its copy with the lowest id."""
    copies = SearchEntry.objects.filter(source_page_id=source_id)
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
        batch.written[entry.pk] = entry


def _update_index(batch: _Batch) -> None:
    from modelsearch.index import get_search_backends_with_name

    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            for entry in batch.removed:
                backend.delete(entry)
            if batch.written:
                backend.add_bulk(SearchEntry, list(batch.written.values()))
        except Exception as error:
            # A remote engine that is down must not fail the editor's publish
            # or an import: the update is queued and applied when it answers.
            logger.exception("Search index update failed on backend %r", name)
            if not backend.catch_indexing_errors:
                raise
            queue_updates(
                backend_name=name,
                entry_ids=[e.pk for e in batch.removed] + list(batch.written),
                error=error,
            )
        else:
            engine_answered(backend_name=name)


# --- Updates queued while an engine is down (#14) --------------------------------

PENDING_CHUNK = 500
# How often (seconds) a process looks for queued updates after a successful
# search or index update: one cheap query, not one per request.
PENDING_CHECK_SECONDS = 30
PENDING_CHECK_KEY = "search:pending-check:{backend}"
# Sent with ``backend_name`` when an engine answers and updates wait for it;
# search.signal_handlers enqueues the task that applies them (the tasks call
# these services, so the services do not import the tasks).
pending_updates_waiting = Signal()


def queue_updates(*, backend_name: str, entry_ids: Iterable[int], error) -> int:
    """Remember entries whose index update failed, durably (one row per entry
    and backend, whatever happened to it meanwhile)."""
    from django.core.cache import cache

    from search.models import PendingIndexUpdate

    message = f"{type(error).__name__}: {error}"[:500]
    ids = sorted(set(entry_ids))
    for entry_id in ids:
        PendingIndexUpdate.objects.update_or_create(
            backend=backend_name, entry_id=entry_id, defaults={"last_error": message}
        )
    cache.delete(PENDING_CHECK_KEY.format(backend=backend_name))
    return len(ids)


def engine_answered(*, backend_name: str) -> None:
    """The engine just answered: apply what was queued while it was down (at
    most one look per process every PENDING_CHECK_SECONDS)."""
    from django.core.cache import cache

    from search.models import PendingIndexUpdate

    key = PENDING_CHECK_KEY.format(backend=backend_name)
    if not cache.add(key, 1, PENDING_CHECK_SECONDS):
        return
    if PendingIndexUpdate.objects.filter(backend=backend_name).exists():
        pending_updates_waiting.send(sender=None, backend_name=backend_name)


def apply_pending_updates(*, backend_name: str | None = None) -> dict[str, int]:
    """Write the queued entries to their engines (or remove the ones gone since).

    Returns the number applied per backend; raises the engine's error when it is
    still down (the rows stay, with one more attempt counted).
    """
    from django.db.models import F
    from modelsearch.index import get_search_backends_with_name

    from search.models import PendingIndexUpdate

    applied: dict[str, int] = {}
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        if backend_name is not None and name != backend_name:
            continue
        applied[name] = 0
        while True:
            started = timezone.now()
            rows = list(
                PendingIndexUpdate.objects.filter(backend=name)
                .order_by("pk")
                .values_list("pk", "entry_id")[:PENDING_CHUNK]
            )
            if not rows:
                break
            entry_ids = [entry_id for _pk, entry_id in rows]
            entries = SearchEntry.objects.in_bulk(entry_ids)
            try:
                for entry_id in entry_ids:
                    if entry_id not in entries:
                        backend.delete(SearchEntry(pk=entry_id))
                if entries:
                    backend.add_bulk(SearchEntry, list(entries.values()))
            except Exception as error:
                PendingIndexUpdate.objects.filter(
                    pk__in=[pk for pk, _entry_id in rows]
                ).update(
                    attempts=F("attempts") + 1,
                    last_error=f"{type(error).__name__}: {error}"[:500],
                )
                raise
            # Rows queued again while this ran stay for the next run.
            PendingIndexUpdate.objects.filter(
                pk__in=[pk for pk, _entry_id in rows], queued_at__lte=started
            ).delete()
            applied[name] += len(rows)
    return applied


def sync_pages(*, page_ids: Iterable[int], update_index: bool = True) -> int:
    """Create, update or remove the entries of pages, then the indexes (in
    bulk, after the rows are final)."""
    batch = _Batch()
    count = 0
    with transaction.atomic():
        for page_id in page_ids:
            _write_entry(page_id, batch)
            count += 1
        # Only documents that have copies can change their canonical entry:
        # one query for the batch, not one per page.
        reposted = set(
            SearchEntry.objects.filter(source_page_id__in=batch.groups)
            .values_list("source_page_id", flat=True)
            .distinct()
        )
        for group in reposted:
            # Replaces the written instances whose flag changed, so the index
            # below gets the final rows.
            _refresh_group(group, batch)
    if update_index:
        _update_index(batch)
    return count


def remove_from_index(*, entries: list[SearchEntry]) -> None:
    """Remove entries from the indexes (queued for an engine that is down)."""
    if entries:
        batch = _Batch()
        batch.removed = entries
        _update_index(batch)


def sync_page(*, page_id: int, update_index: bool = True) -> SearchEntry | None:
    """Create, update or remove the entry of one page, then the index."""
    sync_pages(page_ids=[page_id], update_index=update_index)
    return SearchEntry.objects.filter(page_id=page_id).first()


def subtree_page_ids(*, page: Page) -> list[int]:
    return list(
        Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


# Entries written per transaction by a rebuild: bounded memory, few commits.
REBUILD_CHUNK = 500


def rebuild_entries(*, progress=None) -> int:
    """Rebuild every entry from the pages and the published messages (no index
    update: ``update_index`` follows and rebuilds the index atomically).
    ``progress`` wraps the ids."""
    page_ids = list(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    SearchEntry.objects.filter(page__isnull=False).exclude(
        page_id__in=page_ids
    ).delete()
    rebuild_message_entries()
    if progress is not None:
        page_ids = progress(page_ids)
    chunk: list[int] = []
    for page_id in page_ids:
        chunk.append(page_id)
        if len(chunk) == REBUILD_CHUNK:
            sync_pages(page_ids=chunk, update_index=False)
            chunk = []
    sync_pages(page_ids=chunk, update_index=False)
    return SearchEntry.objects.count()


# --- Citizen messages (interaction) ------------------------------------------


def _searchable_messages():
    from interaction.models import Message

    # The public listing's rule (interaction.selectors.public), on a site
    # with its own host: a sub-site's channels have no public page.
    return Message.objects.published().filter(
        wants_public=True, channel__publish_replies=True, site__site__isnull=False
    )


def message_values(message) -> dict:
    """What the entry of a published message holds: its text with personal
    data masked, as the public page shows it."""
    from core.detectors import mask_personal_data
    from interaction.selectors.public import answer_department

    title = mask_personal_data(message.title)[:255]
    parts = (mask_personal_data(message.content), mask_personal_data(message.answer))
    text = " ".join(" ".join(parts).split())[:MAX_TEXT_LENGTH]
    moment = message.answered_at or message.received_at
    day = timezone.localdate(moment)
    site = message.site
    return {
        "kind": EntryKind.MESSAGE,
        "title": title,
        "title_segmented": analysis.segment(title),
        "title_unmarked": analysis.unmarked(title)[:255],
        "text": text,
        "text_segmented": analysis.segment(text),
        "organization": answer_department(message)[:128],
        "date": day,
        "year": day.year,
        "private": False,
        "profile": site,
        "hosting_profile": site.hosting_site(),
        "breadcrumbs": [site.name, message.channel.name],
        "source_page_id": None,
        "canonical": True,
    }


def _write_message_entries(message_ids: list[int], batch: _Batch) -> None:
    searchable = {
        m.pk: m
        for m in _searchable_messages()
        .filter(pk__in=message_ids)
        .select_related("site", "channel", "department")
    }
    for entry in SearchEntry.objects.filter(message_id__in=message_ids):
        if entry.message_id not in searchable:
            batch.removed.append(entry)
            entry.delete()
    for message in searchable.values():
        entry, _created = SearchEntry.objects.update_or_create(
            message=message, defaults=message_values(message)
        )
        batch.written[entry.pk] = entry


def sync_messages(*, message_ids: Iterable[int], update_index: bool = True) -> int:
    """Create or update the entries of published messages, remove the others'
    (unpublished, invalid, deleted), then the indexes."""
    message_ids = list(message_ids)
    batch = _Batch()
    with transaction.atomic():
        _write_message_entries(message_ids, batch)
    if update_index:
        _update_index(batch)
    return len(message_ids)


def rebuild_message_entries() -> None:
    SearchEntry.objects.filter(message__isnull=False).exclude(
        message__in=_searchable_messages()
    ).delete()
    ids = list(_searchable_messages().values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_CHUNK):
        sync_messages(
            message_ids=ids[start : start + REBUILD_CHUNK], update_index=False
        )


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


def sync_validity_changes(*, since: datetime.date, until: datetime.date) -> int:
    """Re-sync the entries of documents (and their reposts) whose 有效性 changed
    by the calendar after ``since`` up to ``until`` (an expiry date reached, an
    amendment or repeal taking effect): publications re-sync at once, dates
    need this daily run (``manage.py sync_validity``)."""
    from disclosure_pages.selectors import validity_changes_between

    ids = validity_changes_between(since, until)
    pages = Page.objects.filter(pk__in=ids).specific()
    page_ids = [pk for page in pages for pk in (page.pk, *dependent_page_ids(page))]
    return sync_pages(page_ids=page_ids) if page_ids else 0
