"""Read queries for disclosure documents."""

from django.db.models import QuerySet
from wagtail.models import Page

from disclosure_pages.models import DisclosureDocumentPage


def latest_documents(*, root: Page, limit: int = 10) -> QuerySet:
    """The newest live, public documents under ``root`` (usually a site's home)."""
    return (
        DisclosureDocumentPage.objects.descendant_of(root)
        .live()
        .public()
        .order_by("-first_published_at", "-pk")[:limit]
    )
