"""Pull an upstream feed into the library: dedupe, import, record what was skipped."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Page

from core.importfiles import RecordInvalid
from disclosure_pages.importing.records import RecordError, parse_record
from disclosure_pages.importing.service import DocumentImporter
from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    Organization,
)
from reposting.choices import ImportRunStatus
from reposting.models import UpstreamImportRun, UpstreamSkippedEntry
from reposting.upstream.feeds import FeedEntryError, FeedError, parse_feed
from reposting.upstream.fetch import BaseFetcher, FetchError, get_fetcher

ENTRY_ERRORS = (RecordError, RecordInvalid, ValidationError, IntegrityError, OSError)


def library_importer(
    *, column: DisclosureColumnPage, organization=None, user=None, base_dir=None
) -> DocumentImporter:
    """The disclosure importer, pointed at a column of the upstream library."""
    return DocumentImporter(
        section_root=column.get_parent(),
        column=column,
        default_organization=organization,
        user=user,
        base_dir=base_dir,
    )


def _publisher(name: str, default: Organization | None) -> str:
    if name:
        registered = Organization.objects.filter(Q(name=name) | Q(short_name=name))
        return registered.values_list("name", flat=True).first() or name
    return default.name if default else ""


def _known_keys(root: Page) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = set()
    rows = DisclosureDocumentPage.objects.descendant_of(root).values_list(
        "document_number", "original_publisher", "organization__name", "source_url"
    )
    for number, original, organization, url in rows:
        if number:
            keys.add(("number", number, original or organization or ""))
        if url:
            keys.add(("url", url))
    return keys


def pull_upstream(
    *,
    url: str,
    column: DisclosureColumnPage,
    organization: Organization | None = None,
    user=None,
    fetcher: BaseFetcher | None = None,
    progress: bool = False,
) -> UpstreamImportRun:
    """Fetch ``url`` (RSS, Atom or JSON) and add its new documents to ``column``.

    Duplicates (same document number and organisation, or same original URL,
    already in the library or earlier in the feed) and unreadable entries are
    skipped and recorded with the reason; each new document is written in its
    own transaction.
    """
    run = UpstreamImportRun.objects.create(source=url[:500], column=column)
    try:
        body, content_type = (fetcher or get_fetcher()).fetch(url)
        entries = parse_feed(body, content_type)
    except (FetchError, FeedError) as error:
        run.status = ImportRunStatus.FAILED
        run.message = str(error)
        run.finished_at = timezone.now()
        run.save()
        return run

    importer = library_importer(column=column, organization=organization, user=user)
    known = _known_keys(column.get_parent())
    skipped: list[UpstreamSkippedEntry] = []

    def skip(position, title, link, reason):
        skipped.append(
            UpstreamSkippedEntry(
                run=run,
                position=position,
                title=title[:255],
                link=link[:500],
                reason=reason,
            )
        )

    for position, entry in enumerate(
        tqdm(entries, desc=_("抓取上级文件"), unit="篇", disable=not progress),
        start=1,
    ):
        if isinstance(entry, FeedEntryError):
            skip(entry.position, entry.title, entry.link, entry.reason)
            continue
        title, link = str(entry.get("title", "")), str(entry.get("source_url", ""))
        try:
            record = parse_record(entry)
        except ENTRY_ERRORS as error:
            skip(position, title, link, _reason(error))
            continue
        publisher = _publisher(record.organization, organization)
        number_key = ("number", record.document_number, publisher)
        url_key = ("url", record.source_url)
        if record.document_number and number_key in known:
            skip(
                position,
                title,
                link,
                _("重复：资源库已有%(org)s的%(number)s。")
                % {"org": publisher, "number": record.document_number},
            )
            continue
        if record.source_url and url_key in known:
            skip(position, title, link, _("重复：资源库已有同一原文地址的文件。"))
            continue
        try:
            # Its own transaction; files stored for a failing entry are removed.
            importer.import_one(record, existing=None)
        except ENTRY_ERRORS as error:
            skip(position, title, link, _reason(error))
            continue
        run.created += 1
        if record.document_number:
            known.add(number_key)
        if record.source_url:
            known.add(url_key)

    UpstreamSkippedEntry.objects.bulk_create(skipped)
    run.skipped = len(skipped)
    run.status = ImportRunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = _("新增 %(created)d 篇，跳过 %(skipped)d 条。") % {
        "created": run.created,
        "skipped": run.skipped,
    }
    run.save()
    return run


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
