"""Admin views: TOTP enrolment and verification, and the audit-log export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from hardening import services
from hardening.forms import TokenForm


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "wagtailadmin_home"


@never_cache
def totp_setup(request):
    device = services.pending_totp_device(user=request.user)
    if device is None:
        return redirect("hardening:totp_verify")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(
            device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(request, _("两步验证已启用。"))
            return redirect(_next_url(request))
        form.add_error("token", _("动态口令不正确，请核对手机时间后重试。"))
    return TemplateResponse(
        request,
        "hardening/totp_setup.html",
        {
            "form": form,
            "qr_svg": services.totp_qr_svg(device=device),
            "secret": services.totp_secret_base32(device=device),
            "next": _next_url(request),
        },
    )


@never_cache
def totp_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_totp(
            user=request.user, token=form.cleaned_data["token"]
        )
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("动态口令不正确。"))
    return TemplateResponse(
        request,
        "hardening/totp_verify.html",
        {"form": form, "next": _next_url(request)},
    )


def audit_export(request):
    from hardening.audit_export import AuditExportForm, export_response
    from hardening.selectors import is_office_staff

    if not is_office_staff(request.user):
        raise PermissionDenied
    form = AuditExportForm(request.GET or None)
    if request.GET and form.is_valid():
        return export_response(**form.cleaned_data)
    return TemplateResponse(
        request,
        "hardening/audit_export.html",
        {
            "form": form,
            "header_title": _("导出审计日志"),
            "page_title": _("导出审计日志"),
            "header_icon": "history",
        },
    )
