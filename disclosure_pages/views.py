"""Thin admin views: documents published after the time limit, per site."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from disclosure_pages.models import DisclosureDocumentPage, PublicationDeadlineSettings
from disclosure_pages.selectors import late_documents, own_pages, sites_readable_by


def late_documents_report(request):
    """超期公开文件: the late documents of each site the user may read
    (``?site=<id>`` for one of them; any other site is refused)."""
    profiles = sites_readable_by(user=request.user)
    wanted = request.GET.get("site", "")
    if wanted:
        profiles = [p for p in profiles if str(p.pk) == wanted]
        if not profiles:
            raise PermissionDenied
    settings = PublicationDeadlineSettings.load()
    groups = []
    for profile in profiles:
        documents = own_pages(DisclosureDocumentPage.objects.all(), profile.root_page)
        late = late_documents(documents, working_days=settings.working_days)
        groups.append({"profile": profile, "late": late})
    return TemplateResponse(
        request,
        "disclosure_pages/admin/late_documents.html",
        {
            "groups": groups,
            "settings": settings,
            "page_title": _("超期公开文件"),
        },
    )
