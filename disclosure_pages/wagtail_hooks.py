"""Admin for the catalog's reference data (snippets); the 索引号 and the
amend/repeal relations at publication, with their audit-log actions."""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
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
from disclosure_pages.services import (
    AMENDED_BY_ACTION,
    AMENDS_ACTION,
    RELATION_LAPSED_ACTION,
    RELATION_WITHDRAWN_ACTION,
    REPEALED_BY_ACTION,
    REPEALS_ACTION,
    assign_index_numbers_in_bulk,
    prepare_publication,
    prepare_relations,
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


@hooks.register("register_pre_publication_step")
def relations_step():
    # Every publication of a document dates and checks what it amends or repeals.
    return PrePublicationStep(model=DisclosureDocumentPage, publish=prepare_relations)


class RelationFormatter(LogFormatter):
    """“…《title》（number），自 date 起”: the other document of the relation."""

    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        document = data.get("document") or {}
        name = f"《{document.get('title', '')}》"
        if document.get("number"):
            name += f"（{document['number']}）"
        message = self.template % {"name": name}
        if data.get("effective_from"):
            message += _t("，自%(date)s起") % {"date": data["effective_from"]}
        return message


def _formatter(label, template):
    return type(
        "Formatter", (RelationFormatter,), {"label": label, "template": template}
    )


@hooks.register("register_log_actions")
def register_relation_actions(actions):
    actions.register_action(AMENDS_ACTION)(
        _formatter(_("修改文件"), _("本文件修改了%(name)s"))
    )
    actions.register_action(REPEALS_ACTION)(
        _formatter(_("废止文件"), _("本文件废止了%(name)s"))
    )
    actions.register_action(AMENDED_BY_ACTION)(
        _formatter(_("被修改"), _("本文件已被%(name)s修改"))
    )
    actions.register_action(REPEALED_BY_ACTION)(
        _formatter(_("被废止"), _("本文件已被%(name)s废止"))
    )
    actions.register_action(RELATION_WITHDRAWN_ACTION)(
        _formatter(_("取消修改或废止"), _("与%(name)s的修改或废止关系已取消")),
    )
    actions.register_action(RELATION_LAPSED_ACTION)(
        _formatter(
            _("修改或废止随撤回失效"),
            _("文件撤回，与%(name)s的修改或废止关系不再生效"),
        ),
    )
