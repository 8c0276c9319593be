"""From matched entries to what the page shows: one page of hits (exact
number matches first), highlighted titles and snippets, reposts counted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString
from wagtail.models import Page

from search.attachments import mention
from search.highlighting import highlight, snippet
from search.models import EntryKind, SearchEntry
from search.requests import MAX_PAGE, SearchRequest
from search.selectors.facets import FacetValue
from search.selectors.scope import open_profile_ids
from site_registry.models import SiteProfile


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    site_name: str
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False
    # How many other sites show the same document (reposts, #4).
    also_on_sites: int = 0
    # The attachment the query was found in, when only there (#20.6).
    attachment_name: str = ""

    @property
    def validity_applies(self) -> bool:
        return self.entry.kind == EntryKind.DOCUMENT

    def as_json(self) -> dict:
        entry = self.entry
        return {
            "id": entry.page_id,
            "message_id": entry.message_id,
            "title": entry.title,
            "url": self.url,
            "snippet": str(self.snippet_html),
            "site": {"id": entry.profile_id, "name": self.site_name},
            "type": entry.kind,
            "type_label": str(entry.get_kind_display()),
            # Only documents have a validity; other kinds pass its filter.
            "validity_applies": self.validity_applies,
            "document_number": entry.document_number,
            "index_number": entry.index_number,
            "organization": entry.organization,
            "category": entry.subject,
            "genre": entry.genre,
            "validity": entry.validity,
            "date": entry.date.isoformat() if entry.date else None,
            "breadcrumbs": entry.breadcrumbs,
            "source_page_id": entry.source_page_id,
            "also_on_sites": self.also_on_sites,
            "exact_match": self.exact,
            "attachment": self.attachment_name or None,
        }


@dataclass
class SearchResponse:
    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    duration_ms: int
    terms: list[str] = field(default_factory=list)
    related_terms: list[str] = field(default_factory=list)
    scope_profile: SiteProfile | None = None
    # The engine did not answer: only what the database knows (exact document
    # and index numbers, plain filters) is in the response.
    engine_unavailable: bool = False

    @property
    def first_number(self) -> int:
        return (self.request.page - 1) * self.request.page_size + 1

    @property
    def num_pages(self) -> int:
        size = self.request.page_size
        return min(MAX_PAGE, max(1, (self.total + size - 1) // size))


class Tail:
    """A ranked result without its first ``offset`` entries, sliced and
    counted as a part of a ``Chain`` (after those entries, reordered)."""

    def __init__(self, results, offset: int) -> None:
        self.results = results
        self.offset = offset

    def count(self) -> int:
        return max(0, self.results.count() - self.offset)

    def __getitem__(self, window: slice) -> list:
        start, stop = (window.start or 0) + self.offset, window.stop + self.offset
        return list(self.results[start:stop])


class Chain:
    """Ranked results in tiers, one after the other, sliced and counted as
    one (the entries holding every word, then those holding most words)."""

    def __init__(self, *parts) -> None:
        self.parts = parts
        self._counts: list[int] | None = None

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [
                len(part) if isinstance(part, list) else part.count()
                for part in self.parts
            ]
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        found: list = []
        offset = 0
        for part, size in zip(self.parts, self.counts(), strict=True):
            if stop <= offset:
                break
            if start < offset + size:
                found += list(part[max(0, start - offset) : stop - offset])
            offset += size
        return found


def page_of(exact: Sequence[SearchEntry], rest, request: SearchRequest) -> list:
    """The requested page: the exact matches first, then the rest (search
    results or a queryset, sliced so only that page is fetched)."""
    start = (request.page - 1) * request.page_size
    stop = start + request.page_size
    page_entries = list(exact[start:stop])
    if len(page_entries) < request.page_size:
        rest_start = max(0, start - len(exact))
        rest_stop = rest_start + request.page_size - len(page_entries)
        page_entries += list(rest[rest_start:rest_stop])
    return page_entries


def build_hits(
    entries, *, terms, exact_ids=frozenset(), http_request=None
) -> list[Hit]:
    urls = entry_urls(entries, http_request=http_request)
    names = dict(
        SiteProfile.objects.filter(
            pk__in={entry.profile_id for entry in entries}
        ).values_list("pk", "name")
    )
    also_on = other_site_counts(entries)
    hits = []
    for entry in entries:
        url = urls.get(entry.pk)
        if url is None:  # unpublished since it was indexed
            continue
        found = mention(entry, terms)
        text = entry.text
        if found is not None:
            # The snippet shows the attachment's words around the match.
            text = entry.attachment_text[max(0, found[1] - 40) :]
        hits.append(
            Hit(
                entry=entry,
                url=url,
                site_name=names.get(entry.profile_id, ""),
                title_html=highlight(entry.title, terms),
                snippet_html=snippet(text, terms),
                exact=entry.pk in exact_ids,
                also_on_sites=also_on.get(entry.pk, 0),
                attachment_name=found[0] if found else "",
            )
        )
    return hits


def entry_urls(entries, *, http_request=None) -> dict[int, str]:
    """Each entry's address, by entry id: its live page's, or its published
    message's on the message's site. Entries whose page or message is no
    longer public since they were indexed have none."""
    from interaction.selectors.public import message_urls

    pages = Page.objects.live().in_bulk(
        [entry.page_id for entry in entries if entry.page_id]
    )
    messages = message_urls(
        [entry.message_id for entry in entries if entry.message_id],
        request=http_request,
    )
    urls = {}
    for entry in entries:
        if entry.page_id in pages:
            urls[entry.pk] = pages[entry.page_id].get_url(request=http_request) or ""
        elif entry.message_id in messages:
            urls[entry.pk] = messages[entry.message_id]
    return urls


def other_site_counts(entries) -> dict[int, int]:
    """For each entry, how many other open sites show the same document: the
    source and its reposts share a group key (the source's page id). Messages
    are never reposted."""
    keys = {
        entry.pk: entry.source_page_id or entry.page_id
        for entry in entries
        if entry.page_id
    }
    if not keys:
        return {}
    rows = (
        SearchEntry.objects.filter(
            Q(page_id__in=keys.values()) | Q(source_page_id__in=keys.values()),
            private=False,
            profile_id__in=open_profile_ids(),
        )
        .values_list("page_id", "source_page_id", "profile_id")
        .order_by()
    )
    sites: dict[int, set[int]] = {}
    for page_id, source_id, site_id in rows:
        sites.setdefault(source_id or page_id, set()).add(site_id)
    hosting = {entry.pk: entry.hosting_profile_id for entry in entries}
    return {pk: len(sites.get(key, set()) - {hosting[pk]}) for pk, key in keys.items()}
