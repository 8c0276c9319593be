"""Admin views: the check report for a page and its one-click masking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from publishing import services

NEXT_ACTIONS = ("publish", "submit")


def report_url(page, next_action: str) -> str:
    url = reverse("publishing:check", args=[page.pk])
    return f"{url}?next={next_action}" if next_action in NEXT_ACTIONS else url


def _editable_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def check(request, page_id):
    page = _editable_page(request, page_id)
    next_action = request.GET.get("next", "")
    revision = page.get_latest_revision()
    report = (
        services.check_revision(revision=revision)
        if revision
        else services.check_page(page)
    )
    return TemplateResponse(
        request,
        "publishing/check_report.html",
        {
            "page": page,
            "report": report,
            "next_action": next_action if next_action in NEXT_ACTIONS else "",
            "header_title": _("发布前检查：%(title)s") % {"title": page.title},
            "page_title": _("发布前检查"),
            "page_subtitle": page.get_admin_display_title(),
            "header_icon": "warning",
        },
    )


@require_POST
def mask_and_continue(request, page_id):
    """Mask personal data in the draft, then publish or submit if nothing blocks."""
    page = _editable_page(request, page_id)
    next_action = request.POST.get("next", "")
    revision = services.mask_personal_data(page=page, user=request.user)
    if revision is not None:
        messages.success(request, _("已对草稿中的个人信息一键脱敏。"))
    page = page.specific_class.objects.get(pk=page.pk)  # the new latest revision
    revision = page.get_latest_revision()
    report = services.check_revision(revision=revision)
    if not report.ok:
        messages.error(request, _("仍有问题阻止发布，请修改后再试。"))
        return redirect(report_url(page, next_action))
    permissions = page.permissions_for_user(request.user)
    if next_action == "publish" and permissions.can_publish():
        revision.publish(user=request.user)
        messages.success(request, _("页面“%(title)s”已发布。") % {"title": page.title})
    elif next_action == "submit" and permissions.can_submit_for_moderation():
        workflow = page.get_workflow()
        if workflow and not page.workflow_in_progress:
            workflow.start(page, request.user)
            messages.success(
                request, _("页面“%(title)s”已提交审核。") % {"title": page.title}
            )
    return redirect("wagtailadmin_pages:edit", page.pk)
