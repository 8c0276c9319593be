"""Reads of service guides: the 办事服务 listing and what V6 checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from disclosure_pages.models import Organization
from publishing import registry
from service_guides.choices import ServiceTheme
from service_guides.models import (
    ServiceExemption,
    ServiceGuidePage,
    ServiceIndexPage,
)

PAGE_SIZE = 20


@dataclass
class ListingFilters:
    """The listing's filters from the query string; what is not valid is
    dropped and said (``errors``), never passed to the database."""

    department: int | None = None
    theme: str = ""
    page: str = "1"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> ListingFilters:
        filters = cls()
        department = query.get("department", "").strip()
        if department:
            if department.isdigit() and len(department) <= 9:
                filters.department = int(department)
            else:
                filters.errors.append(_("部门参数无效，已显示全部部门。"))
        theme = query.get("theme", "").strip()
        if theme:
            if theme in ServiceTheme.values:
                filters.theme = theme
            else:
                filters.errors.append(_("主题参数无效，已显示全部主题。"))
        page = query.get("page", "1").strip()
        filters.page = page if page.isdigit() and len(page) <= 6 else "1"
        return filters

    def query_string(self) -> str:
        """The filters for the pagination links (the page number added there)."""
        params = {}
        if self.department:
            params["department"] = self.department
        if self.theme:
            params["theme"] = self.theme
        return urlencode(params)


def live_guides(*, index: ServiceIndexPage) -> QuerySet[ServiceGuidePage]:
    return ServiceGuidePage.objects.child_of(index).live().public()


def service_listing(*, index: ServiceIndexPage, filters: ListingFilters) -> dict:
    """One page of the column's guides, with the department and theme counts.

    Each facet is counted with the other facet's filter applied, so the counts
    say what a click would show.
    """
    guides = live_guides(index=index)
    by_department = guides.filter(theme=filters.theme) if filters.theme else guides
    by_theme = (
        guides.filter(organization_id=filters.department)
        if filters.department
        else guides
    )
    department_counts = dict(
        by_department.filter(organization__isnull=False)
        .order_by()  # the tree order would split the groups
        .values_list("organization")
        .annotate(n=Count("pk"))
        .values_list("organization", "n")
    )
    names = dict(
        Organization.objects.filter(pk__in=department_counts).values_list("pk", "name")
    )
    theme_counts = dict(
        by_theme.order_by()
        .values_list("theme")
        .annotate(n=Count("pk"))
        .values_list("theme", "n")
    )
    if filters.department:
        guides = guides.filter(organization_id=filters.department)
    if filters.theme:
        guides = guides.filter(theme=filters.theme)
    page = Paginator(
        guides.select_related("organization").order_by("title", "pk"), PAGE_SIZE
    ).get_page(filters.page)
    return {
        "filters": filters,
        "guides": page,
        "departments": sorted(
            (
                {"value": pk, "label": names[pk], "count": count}
                for pk, count in department_counts.items()
                if pk in names
            ),
            key=lambda row: row["label"],
        ),
        "themes": [
            {"value": value, "label": label, "count": theme_counts[value]}
            for value, label in ServiceTheme.choices
            if value in theme_counts
        ],
    }


def missing_elements(guide: ServiceGuidePage) -> list[str]:
    """The names of the V6 elements ``guide`` lacks (the publication gate's
    required fields, so both say the same)."""
    missing = [_("事项名称")] if not (guide.title or "").strip() else []
    for name in registry.required_fields(guide):
        if registry.is_missing(guide, name):
            missing.append(registry.field_label(guide, name))
    return missing


def live_guides_among(pages: QuerySet) -> QuerySet[ServiceGuidePage]:
    """The live guides among ``pages`` (a site's pages), with what V6 reads."""
    return (
        ServiceGuidePage.objects.live()
        .filter(pk__in=pages.values("pk"))
        .select_related("organization")
        .prefetch_related("materials", "steps")
        .order_by("path")
    )


def exempt_site_ids() -> set[int]:
    """Sites the office exempted from offering services."""
    return set(ServiceExemption.objects.values_list("site_id", flat=True))
