"""Reads linking documents and interpretations (used by pages and inspection)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from wagtail.models import Page

from disclosure_pages.models import DisclosureDocumentPage
from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage


def interpretations_of(*, document: DisclosureDocumentPage) -> QuerySet:
    """Live, public interpretations of ``document``, on any site of the cluster."""
    return (
        PolicyInterpretationPage.objects.live()
        .public()
        .filter(source_links__document=document)
        .order_by("-first_published_at")
        .distinct()
    )


def sources_of(*, interpretation: PolicyInterpretationPage) -> list:
    """The interpretation's live source documents, in the editor's order."""
    links = (
        InterpretationSource.objects.filter(
            interpretation=interpretation, document__live=True
        )
        .select_related("document", "document__organization", "document__subject")
        .order_by("sort_order")
    )
    return [link.document for link in links]


def documents_missing_interpretation(*, root: Page | None = None) -> QuerySet:
    """Live documents needing an interpretation that has none live (三同步)."""
    has_live_interpretation = InterpretationSource.objects.filter(
        document=OuterRef("pk"), interpretation__live=True
    )
    documents = DisclosureDocumentPage.objects.live().filter(
        requires_interpretation=True
    )
    if root is not None:
        documents = documents.descendant_of(root, inclusive=True)
    return documents.filter(~Exists(has_live_interpretation)).order_by(
        "first_published_at"
    )
