"""Thin admin views: repost a document, where it is reposted, what is due."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure_pages.models import DisclosureDocumentPage
from reposting import selectors, services
from reposting.forms import RepostForm
from site_registry.models import SiteProfile


def _source(request, page_id: int) -> DisclosureDocumentPage:
    # A live document is public anyway; what matters is where it may be pushed,
    # which plan_reposts checks per target column (Wagtail page permissions).
    return get_object_or_404(DisclosureDocumentPage, pk=page_id)


def repost(request, page_id: int):
    source = _source(request, page_id)
    form = RepostForm(request.POST or None, source=source, user=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.repost_document(
                source=source, plan=form.plan, user=request.user
            )
        except ValidationError as error:
            # Refused by the pre-publication checks, or a concurrent repost.
            form.add_error(None, error)
    if created is not None:
        message = _("《%(title)s》已转载到 %(n)d 个网站。") % {
            "title": source.title,
            "n": len(created),
        }
        if form.plan.already:
            message += _("已跳过转载过的 %(n)d 个网站。") % {
                "n": len(form.plan.already)
            }
        messages.success(request, message)
        return redirect("reposting:where", page_id=source.pk)
    return TemplateResponse(
        request,
        "reposting/admin/repost.html",
        {
            "source": source,
            "form": form,
            "page_title": _("转载文件"),
            "header_subtitle": source.title,
        },
    )


def where(request, page_id: int):
    source = _source(request, page_id)
    return TemplateResponse(
        request,
        "reposting/admin/where.html",
        {
            "source": source,
            "reposts": selectors.reposts_of(source=source),
            "page_title": _("转载情况"),
            "header_subtitle": source.title,
            "header_icon": "site",
        },
    )


def _visible_sites(user):
    sites = selectors.open_sites()
    if user.is_superuser:
        return list(sites)
    return [
        p for p in sites if p.root_page.permissions_for_user(user).can_add_subpage()
    ]


def obligations_index(request):
    today = timezone.localdate()
    rows = selectors.obligation_summary(
        profiles=_visible_sites(request.user), today=today
    )
    return TemplateResponse(
        request,
        "reposting/admin/obligations_index.html",
        {
            "rows": rows,
            "today": today,
            "page_title": _("应转载文件"),
            "header_icon": "warning",
        },
    )


def obligations_site(request, profile_id: int):
    profile = get_object_or_404(SiteProfile, pk=profile_id)
    if profile not in _visible_sites(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "reposting/admin/obligations_site.html",
        {
            "profile": profile,
            "items": selectors.obligations(site_profile=profile, today=today),
            "today": today,
            "page_title": _("应转载文件：%(site)s") % {"site": profile.name},
            "index_url": reverse("reposting:obligations"),
            "header_icon": "warning",
        },
    )
