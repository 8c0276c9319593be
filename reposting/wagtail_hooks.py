"""Thin admin hooks: repost buttons, audit actions, listings, rules and runs."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from disclosure_pages.choices import Validity
from disclosure_pages.models import DisclosureDocumentPage
from reposting import selectors, urls
from reposting.models import RepostPage, RepostRule, UpstreamImportRun
from reposting.services import REPOST_ACTION, RESTORE_ACTION, TAKE_DOWN_ACTION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reposting/", include(urls, namespace="reposting"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(REPOST_ACTION, _("转载"), _("转载到其他网站"))
    actions.register_action(
        TAKE_DOWN_ACTION, _("随源文件撤下"), _("源文件撤回，转载随之撤下")
    )
    actions.register_action(
        RESTORE_ACTION, _("随源文件恢复"), _("源文件重新发布，转载随之恢复")
    )


@hooks.register("register_page_header_buttons")
def repost_buttons(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or object, DisclosureDocumentPage):
        return
    if page.live:
        yield Button(
            _("转载到其他网站"),
            reverse("reposting:repost", args=[page.pk]),
            icon_name="redirect",
            priority=40,
        )
    count = RepostPage.objects.filter(source_id=page.pk).count()
    yield Button(
        _("转载情况（%(n)d）") % {"n": count},
        reverse("reposting:where", args=[page.pk]),
        icon_name="site",
        priority=41,
    )


@hooks.register("register_admin_menu_item")
def obligations_menu_item():
    return MenuItem(
        _("应转载文件"),
        reverse("reposting:obligations"),
        icon_name="warning",
        order=450,
    )


@hooks.register("disclosure_column_extra_documents")
def column_reposts(*, column):
    return selectors.column_reposted_source_ids(column=column)


@hooks.register("disclosure_column_listing_urls")
def column_repost_urls(*, column, documents):
    return selectors.column_listing_urls(column=column, documents=documents)


class RepostRuleViewSet(SnippetViewSet):
    model = RepostRule
    icon = "list-ul"
    menu_label = _("转载规则")
    list_display = ["name", "keyword", "organ_code", "level", "days", "is_active"]
    list_filter = ["level", "is_active"]
    search_backend_name = None


class UpstreamImportRunViewSet(SnippetViewSet):
    model = UpstreamImportRun
    icon = "download"
    menu_label = _("上级文件抓取记录")
    list_display = ["source", "started_at", "status", "created", "skipped"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "source", "started_at", "finished_at", "status",
        "created", "skipped", "message", "skipped_report",
    ]  # fmt: skip
    search_backend_name = None


class RepostingGroup(SnippetViewSetGroup):
    items = (RepostRuleViewSet, UpstreamImportRunViewSet)
    menu_icon = "redirect"
    menu_label = _("转载管理")
    menu_name = "reposting"


register_snippet(RepostingGroup)


@hooks.register("search_result_source")
def repost_search_source(page):
    # A repost is found as its source: one result per document (search app).
    return page.source_id if isinstance(page, RepostPage) else None


@hooks.register("search_dependent_pages")
def reposts_shown_with(page):
    # Reposts show their source's content: re-index them with it.
    if isinstance(page, DisclosureDocumentPage):
        return list(
            RepostPage.objects.filter(source_id=page.pk).values_list("pk", flat=True)
        )
    return []


@hooks.register("before_edit_page")
def warn_when_source_repealed(request, page):
    # A repost shows its source's 有效性 by itself; the editor is told too.
    if request.method != "GET" or not isinstance(page.specific, RepostPage):
        return None
    source = page.specific.source
    state = source.current_validity if source is not None else ""
    if state == Validity.REPEALED:
        message = _("转载的文件《%(title)s》已废止，请核对是否仍需转载。")
    elif state == Validity.AMENDED:
        message = _("转载的文件《%(title)s》已被修改，请核对转载是否仍然适用。")
    else:
        return None
    messages.warning(request, message % {"title": source.title})
    return None
