"""Reads of the gazette: the issues of a column by year, the issues that
printed a document."""

from __future__ import annotations

from itertools import groupby

from django.db.models import QuerySet
from wagtail.models import Page

from gazette.models import GazetteIssuePage


def column_issues_by_year(*, column: Page) -> list[tuple[int, list]]:
    """The live issues of ``column`` grouped by year, newest year and issue first."""
    issues = (
        GazetteIssuePage.objects.child_of(column)
        .live()
        .public()
        .only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id",
            "content_type_id", "first_published_at", "year", "number",
            "issue_date", "gazette_name",
        )
        .order_by("-year", "-number")
    )  # fmt: skip
    return [(year, list(group)) for year, group in groupby(issues, lambda i: i.year)]


def issues_printing(*, document: Page) -> QuerySet:
    """Live, public issues whose contents list ``document`` (刊登于…)."""
    return (
        GazetteIssuePage.objects.live()
        .public()
        .filter(entries__document=document)
        .order_by("-year", "-number")
        .distinct()
    )
