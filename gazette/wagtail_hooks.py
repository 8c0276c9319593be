"""Hooks: the 政府公报 column lists issues by year; a document printed in an
issue says so on its page (disclosure_pages does not import gazette)."""

from django.template.loader import render_to_string
from wagtail import hooks

from core.choices import ColumnKind
from gazette.selectors import column_issues_by_year, issues_printing


@hooks.register("disclosure_column_context")
def gazette_column_context(*, column, request, context) -> bool:
    if column.kind != ColumnKind.GAZETTE:
        return False
    context["gazette_years"] = column_issues_by_year(column=column)
    return True


@hooks.register("disclosure_document_panels")
def printed_in_panel(*, page, request):
    issues = list(issues_printing(document=page))
    if not issues:
        return ""
    return render_to_string(
        "gazette/includes/printed_in.html", {"issues": issues}, request=request
    )
