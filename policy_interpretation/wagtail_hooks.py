"""Hooks: the 三同步 warning on publishing and the interpretation panel."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail import hooks

from disclosure_pages.models import DisclosureDocumentPage
from policy_interpretation.selectors import interpretations_of


@hooks.register("after_publish_page")
def warn_when_interpretation_missing(request, page):
    # A warning, not a block: the interpretation may be published minutes later.
    page = page.specific
    if not isinstance(page, DisclosureDocumentPage) or not page.requires_interpretation:
        return None
    if not interpretations_of(document=page).exists():
        messages.warning(
            request,
            _(
                "“%(title)s”需要政策解读，但还没有已发布的解读。按照“三同步”要求，"
                "请同时发布解读并关联本文件。"
            )
            % {"title": page.title},
        )
    return None


@hooks.register("disclosure_document_panels")
def interpretations_panel(*, page, request):
    interpretations = list(interpretations_of(document=page))
    if not interpretations:
        return ""
    return render_to_string(
        "policy_interpretation/includes/interpretations_panel.html",
        {"interpretations": interpretations, "page": page},
        request=request,
    )
