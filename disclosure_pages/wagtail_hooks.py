"""Admin for the catalog's reference data (snippets); index numbers at publication."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from disclosure_pages.choosers import (
    OrganizationChooserViewSet,
    SubjectChooserViewSet,
)
from disclosure_pages.models import (
    DisclosureDocumentPage,
    Organization,
    SubjectCategory,
)
from disclosure_pages.services import prepare_publication


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


@hooks.register("before_publication")
def prepare_document_publication(*, page, revision) -> None:
    # Called by the publication gate (publishing.gate) on every path, inside
    # the publication's transaction: assigns the 索引号, refuses back-dating.
    if isinstance(page, DisclosureDocumentPage):
        prepare_publication(page=page, revision=revision)
