"""Admin for the catalog's reference data (snippets); the 索引号 and the
amend/repeal relations at publication, with their audit-log actions."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.choices import ColumnKind
from disclosure_pages import urls
from disclosure_pages.choosers import (
    OrganizationChooserViewSet,
    SubjectChooserViewSet,
)
from disclosure_pages.deadlines import timeliness
from disclosure_pages.models import (
    DisclosureDocumentPage,
    LegacyAlias,
    Organization,
    SubjectCategory,
)
from disclosure_pages.selectors import (
    ProposalFilters,
    column_proposal_replies,
    proposal_filter_options,
    publication_limit,
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


class LegacyAliasViewSet(SnippetViewSet):
    """Legacy genre/subject words a site migration maps; the office's table
    (its model permissions are granted to the office group only)."""

    model = LegacyAlias
    icon = "resubmit"
    menu_label = _("旧值对照")
    list_display = ["legacy_value", "kind", "target_label", "note"]
    list_filter = ["kind"]
    search_fields = ["legacy_value"]
    search_backend_name = None


class CatalogReferenceGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, SubjectCategoryViewSet, LegacyAliasViewSet)
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
            message += gettext("，自%(date)s起") % {"date": data["effective_from"]}
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


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("disclosure/", include(urls, namespace="disclosure_pages"))]


@hooks.register("register_reports_menu_item")
def late_documents_menu_item():
    return MenuItem(
        _("超期公开文件"),
        reverse("disclosure_pages:late_documents"),
        icon_name="time",
        order=720,
    )


@hooks.register("before_edit_page")
def warn_about_document_state(request, page):
    """On a document's edit screen: its repeal or amendment, and the time
    limit (docs/domain.md b10, c1)."""
    if request.method != "GET" or not issubclass(
        page.specific_class or object, DisclosureDocumentPage
    ):
        return None
    document = page.specific
    for relation in document.received_relations():
        if not relation.in_force:
            continue
        template = (
            gettext("本文件已被《%(title)s》废止，自%(date)s起。")
            if relation.kind == "repeals"
            else gettext("本文件已被《%(title)s》修改，自%(date)s起。")
        )
        messages.warning(
            request,
            template
            % {"title": relation.source.title, "date": relation.effective_from},
        )
    _warn_about_time_limit(request, document)
    return None


def _warn_about_time_limit(request, document) -> None:
    if not document.written_date or document.imported:
        return
    limit = publication_limit()
    published_on = (
        timezone.localdate(document.first_published_at)
        if document.first_published_at
        else None
    )
    result = timeliness(
        formed_on=document.written_date,
        published_on=published_on or timezone.localdate(),
        working_days=limit,
    )
    if published_on and result.late:
        messages.warning(
            request,
            gettext(
                "本文件成文于%(formed)s，应于%(due)s前公开（%(n)d个工作日），"
                "实际于%(published)s发布，已超过公开时限。"
            )
            % {
                "formed": document.written_date,
                "due": result.due,
                "n": limit,
                "published": published_on,
            },
        )
    elif not published_on:
        message = (
            gettext("本文件成文于%(formed)s，应于%(due)s前公开，已超过公开时限。")
            if result.late
            else gettext("本文件成文于%(formed)s，应于%(due)s前公开（%(n)d个工作日）。")
        )
        messages.warning(
            request,
            message % {"formed": document.written_date, "due": result.due, "n": limit},
        )
