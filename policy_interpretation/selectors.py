"""Reads linking documents and interpretations (used by pages and inspection)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from wagtail.models import Page

from disclosure_pages.models import DisclosureDocumentPage
from policy_interpretation.choices import InterpretationForm
from policy_interpretation.models import (
    InterpretationSource,
    PolicyInterpretationPage,
    PressConferenceDocument,
    PressConferencePage,
)

PAGE_SIZE = 20


def interpretations_of(*, document: DisclosureDocumentPage) -> QuerySet:
    """Live, public interpretations of ``document``, on any site of the cluster."""
    return (
        PolicyInterpretationPage.objects.live()
        .public()
        .filter(source_links__document=document)
        .order_by("-first_published_at")
        .distinct()
    )


def press_conferences_of(*, document: DisclosureDocumentPage) -> QuerySet:
    """Live, public press conferences that released or explained ``document``."""
    return (
        PressConferencePage.objects.live()
        .public()
        .filter(document_links__document=document)
        .order_by("-held_at")
        .distinct()
    )


def is_interpreted(*, document: DisclosureDocumentPage) -> bool:
    """三同步 is met: a live interpretation or a live press conference (a form
    of interpretation, docs/domain.md c3) links to ``document``."""
    return (
        interpretations_of(document=document).exists()
        or press_conferences_of(document=document).exists()
    )


def documents_missing_interpretation(*, root: Page | None = None) -> QuerySet:
    """Live documents needing an interpretation that have none live (三同步);
    a live press conference linked to the document counts as one."""
    has_live_interpretation = InterpretationSource.objects.filter(
        document=OuterRef("pk"), interpretation__live=True
    )
    has_live_conference = PressConferenceDocument.objects.filter(
        document=OuterRef("pk"), conference__live=True
    )
    documents = DisclosureDocumentPage.objects.live().filter(
        requires_interpretation=True
    )
    if root is not None:
        documents = documents.descendant_of(root, inclusive=True)
    return documents.filter(
        ~Exists(has_live_interpretation), ~Exists(has_live_conference)
    ).order_by("first_published_at")


@dataclass
class InterpretationFilters:
    """Filters of a 政策解读 column: year and form (an interpretation has no
    document number, subject, genre or validity)."""

    year: int | None = None
    form: str = ""

    @classmethod
    def from_query(cls, query) -> InterpretationFilters:
        filters = cls()
        year = query.get("year", "")
        if year.isdigit() and 1900 < int(year) < 2200:
            filters.year = int(year)
        if query.get("form", "") in InterpretationForm.values:
            filters.form = query["form"]
        return filters


def _column_interpretations(column: Page) -> QuerySet:
    return PolicyInterpretationPage.objects.child_of(column).live().public()


def column_interpretations(
    *,
    column: Page,
    filters: InterpretationFilters,
    page_number: str | int | None = 1,
    per_page: int = PAGE_SIZE,
) -> PaginatorPage:
    """One page of the interpretations published in ``column``, newest first."""
    pages = _column_interpretations(column)
    if filters.year:
        tz = timezone.get_current_timezone()
        pages = pages.filter(
            first_published_at__gte=datetime.datetime(filters.year, 1, 1, tzinfo=tz),
            first_published_at__lt=datetime.datetime(filters.year + 1, 1, 1, tzinfo=tz),
        )
    if filters.form:
        pages = pages.filter(form=filters.form)
    pages = pages.only(
        "id", "title", "slug", "url_path", "path", "depth", "locale_id",
        "content_type_id", "first_published_at", "form", "interpreter",
    ).order_by("-first_published_at", "-pk")  # fmt: skip
    return Paginator(pages, per_page).get_page(page_number)


def interpretation_filter_options(*, column: Page) -> dict:
    years = _column_interpretations(column).dates(
        "first_published_at", "year", order="DESC"
    )
    return {
        "years": [d.year for d in years],
        "forms": InterpretationForm.choices,
    }


def column_press_conferences(
    *, column: Page, page_number: str | int | None = 1, per_page: int = PAGE_SIZE
) -> PaginatorPage:
    """One page of the press conferences of ``column``, the newest held first."""
    pages = (
        PressConferencePage.objects.child_of(column)
        .live()
        .public()
        .only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id",
            "content_type_id", "first_published_at", "held_at", "topic", "host",
        )
        .order_by("-held_at", "-pk")
    )  # fmt: skip
    return Paginator(pages, per_page).get_page(page_number)
