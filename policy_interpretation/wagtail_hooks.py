"""Hooks: the 三同步 warning on publishing, the interpretation panel, the
政策解读 and 新闻发布会 column listings, and the warning on interpretations of
repealed documents."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail import hooks

from core.choices import ColumnKind
from disclosure_pages.choices import Validity
from disclosure_pages.models import DisclosureDocumentPage
from policy_interpretation.models import PolicyInterpretationPage
from policy_interpretation.selectors import (
    InterpretationFilters,
    column_interpretations,
    column_press_conferences,
    interpretation_filter_options,
    interpretations_of,
    is_interpreted,
    press_conferences_of,
)


@hooks.register("after_publish_page")
def warn_when_interpretation_missing(request, page):
    # A warning, not a block: the interpretation may be published minutes later.
    page = page.specific
    if not isinstance(page, DisclosureDocumentPage) or not page.requires_interpretation:
        return None
    if not is_interpreted(document=page):
        messages.warning(
            request,
            _(
                "“%(title)s”需要政策解读，但还没有已发布的解读或新闻发布会。"
                "按照“三同步”要求，请同时发布解读并关联本文件。"
            )
            % {"title": page.title},
        )
    return None


@hooks.register("disclosure_document_panels")
def interpretations_panel(*, page, request):
    # A press conference is a form of interpretation (docs/domain.md c3).
    interpretations = list(interpretations_of(document=page))
    conferences = list(press_conferences_of(document=page))
    if not interpretations and not conferences:
        return ""
    return render_to_string(
        "policy_interpretation/includes/interpretations_panel.html",
        {
            "interpretations": interpretations,
            "conferences": conferences,
            "page": page,
        },
        request=request,
    )


@hooks.register("disclosure_column_context")
def interpretation_column_context(*, column, request, context) -> bool:
    """A 政策解读 column lists interpretations, not documents."""
    if column.kind != ColumnKind.INTERPRETATION:
        return False
    filters = InterpretationFilters.from_query(request.GET)
    context["filters"] = filters
    context["filter_options"] = interpretation_filter_options(column=column)
    context["interpretations"] = column_interpretations(
        column=column, filters=filters, page_number=request.GET.get("page")
    )
    return True


@hooks.register("disclosure_column_context")
def press_conference_column_context(*, column, request, context) -> bool:
    """A 新闻发布会 column lists its conferences, the newest held first."""
    if column.kind != ColumnKind.PRESS_CONFERENCE:
        return False
    context["press_conferences"] = column_press_conferences(
        column=column, page_number=request.GET.get("page")
    )
    return True


@hooks.register("before_edit_page")
def warn_when_source_repealed(request, page):
    # An interpretation of a repealed or amended document is out of date: say
    # so to the editor (the public page carries a note too).
    if request.method != "GET" or not isinstance(
        page.specific, PolicyInterpretationPage
    ):
        return None
    for document in page.specific.live_sources():
        state = document.current_validity
        if state == Validity.REPEALED:
            message = _("所解读的文件《%(title)s》已废止，请核对本解读是否需要撤回。")
        elif state == Validity.AMENDED:
            message = _("所解读的文件《%(title)s》已被修改，请核对本解读是否需要更新。")
        else:
            continue
        messages.warning(request, message % {"title": document.title})
    return None


@hooks.register("search_dependent_pages")
def interpretations_of_document(page) -> list[int]:
    """An interpretation is searched by its sources' numbers, titles and
    subjects: re-index it when a source changes (one query)."""
    from policy_interpretation.models import InterpretationSource

    if not isinstance(page, DisclosureDocumentPage):
        return []
    return list(
        InterpretationSource.objects.filter(document_id=page.pk).values_list(
            "interpretation_id", flat=True
        )
    )
