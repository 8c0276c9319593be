"""Admin for the catalog's reference data (snippets); the 索引号 at publication."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.choices import ColumnKind
from disclosure_pages.choosers import (
    OrganizationChooserViewSet,
    SubjectChooserViewSet,
)
from disclosure_pages.models import (
    DisclosureDocumentPage,
    Organization,
    SubjectCategory,
)
from disclosure_pages.selectors import (
    ProposalFilters,
    column_proposal_replies,
    proposal_filter_options,
)
from disclosure_pages.services import (
    assign_index_numbers_in_bulk,
    prepare_publication,
)
from publishing.pipeline import PrePublicationStep


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = _("发布机构")
    list_display = ["name", "org_code", "credit_code"]
    search_fields = ["name", "org_code", "credit_code"]
    chooser_viewset_class = OrganizationChooserViewSet


class SubjectCategoryViewSet(SnippetViewSet):
    model = SubjectCategory
    icon = "list-ul"
    menu_label = _("主题分类")
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]
    search_backend_name = None
    chooser_viewset_class = SubjectChooserViewSet
    # The whole two-level taxonomy (about 150 entries) on one page.
    chooser_per_page = 200


class CatalogReferenceGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, SubjectCategoryViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("公开目录设置")
    menu_name = "disclosure-reference"


register_snippet(CatalogReferenceGroup)


@hooks.register("register_pre_publication_step")
def index_number_step():
    # Every publication of a document, on every path, assigns its 索引号.
    return PrePublicationStep(
        model=DisclosureDocumentPage,
        publish=prepare_publication,
        bulk=assign_index_numbers_in_bulk,
    )


@hooks.register("disclosure_column_context")
def proposal_column_context(*, column, request, context) -> bool:
    """A 建议提案办理结果 column lists replies, filtered by type and year."""
    if column.kind != ColumnKind.PROPOSAL_RESULT:
        return False
    filters = ProposalFilters.from_query(request.GET)
    context["filters"] = filters
    context["filter_options"] = proposal_filter_options(column=column)
    context["replies"] = column_proposal_replies(
        column=column, filters=filters, page_number=request.GET.get("page")
    )
    return True
