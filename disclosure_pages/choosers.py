"""Choosers of the catalog's reference data, as editors use them in the page form.

主题分类 has 143 entries in two levels: the chooser shows the whole tree on one
page (children indented under their parent) with a search box that matches a
category or its parent. 发布机构 offers an editor only the organisations of the
open sites they edit; closed and merged sites' organisations are never offered.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from disclosure_pages.models import Organization, SubjectCategory


class NameSearchForm(BaseFilterForm):
    """A search box that filters in the database (no search index needed)."""

    q = forms.CharField(
        label=_("搜索"),
        widget=forms.TextInput(attrs={"placeholder": _("搜索名称")}),
        required=False,
    )
    search_lookups: tuple[str, ...] = ("name__icontains",)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for lookup in self.search_lookups:
                condition |= Q(**{lookup: query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


# --- 主题分类 -----------------------------------------------------------------


class SubjectSearchForm(NameSearchForm):
    search_lookups = ("name__icontains", "parent__name__icontains")


def subject_tree(objects: QuerySet) -> QuerySet:
    """Parents first, each followed by its children, in the editors' order."""
    return objects.select_related("parent").order_by(
        Case(
            When(parent__isnull=True, then=F("sort_order")),
            default=F("parent__sort_order"),
            output_field=IntegerField(),
        ),
        Case(When(parent__isnull=True, then=F("pk")), default=F("parent_id")),
        F("parent").asc(nulls_first=True),
        "sort_order",
        "pk",
    )


def subject_label(category: SubjectCategory) -> str:
    """Second-level categories are indented under their parent."""
    if category.parent_id:
        return format_html("└ {}", category.name)
    return format_html("<strong>{}</strong>", category.name)


class _SubjectChooseMixin:
    filter_form_class = SubjectSearchForm

    def get_object_list(self):
        return SubjectCategory.objects.all()

    def apply_object_list_ordering(self, objects):
        return subject_tree(objects)

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = subject_label
        return column


class SubjectChooseView(_SubjectChooseMixin, ChooseView):
    pass


class SubjectChooseResultsView(_SubjectChooseMixin, ChooseResultsView):
    pass


class SubjectChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SubjectChooseView
    choose_results_view_class = SubjectChooseResultsView


# --- 发布机构 -----------------------------------------------------------------


class OrganizationSearchForm(NameSearchForm):
    search_lookups = (
        "name__icontains",
        "short_name__icontains",
        "org_code__icontains",
        "credit_code__icontains",
    )


class _OrganizationChooseMixin:
    filter_form_class = OrganizationSearchForm

    def get_object_list(self):
        return Organization.choosable_by(user=self.request.user)


class OrganizationChooseView(_OrganizationChooseMixin, ChooseView):
    pass


class OrganizationChooseResultsView(_OrganizationChooseMixin, ChooseResultsView):
    pass


class OrganizationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = OrganizationChooseView
    choose_results_view_class = OrganizationChooseResultsView
