from django.conf import settings
from django.http import JsonResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hardening.requests import request_has_control_characters


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ControlCharacterMiddleware:
    """Refuse control characters in parameters with 400 before any view runs.

    Early in MIDDLEWARE: no query and no search sees the values (a NUL byte in a
    PostgreSQL text parameter was a 500). The page needs no database, so it is
    shown on any host; /api/ answers JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_has_control_characters(request):
            return self.get_response(request)
        language = (
            translation.get_language_from_path(request.path_info)
            or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            message = _("请求包含不允许的控制字符，请删除后重试。")
            if request.path_info.startswith("/api/"):
                response = JsonResponse(
                    {"error": message},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            else:
                response = SimpleTemplateResponse(
                    "hardening/bad_request.html",
                    {"message": message, "language": language},
                    status=400,
                ).render()
        response["Cache-Control"] = "no-store"
        return response


class FrameOptionsMiddleware(XFrameOptionsMiddleware):
    """``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` everywhere but
    the admin, whose page preview is a same-origin frame (SAMEORIGIN there).
    Listed after django-csp's middleware, so it adjusts the policy first."""

    def process_response(self, request, response):
        if request.path.startswith(_admin_prefix()):
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                "frame-ancestors": ["'self'"],
            }
        return super().process_response(request, response)

    def get_xframe_options_value(self, request, response):
        if request.path.startswith(_admin_prefix()):
            return "SAMEORIGIN"
        return super().get_xframe_options_value(request, response)


class AdminScriptPolicyMiddleware:
    """Let the Wagtail admin run its inline scripts; keep public pages strict.

    Wagtail 8's admin still writes a few inline ``<script>`` elements (date and
    time widgets, inline panels), so a strict ``script-src 'self'`` breaks the
    page editor. Only admin responses get ``'unsafe-inline'``; the public sites,
    where visitors' content is shown, keep the strict policy. Listed after
    django-csp's middleware so it marks the response before the header is built.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = _admin_prefix()
        if request.path.startswith(self.admin_prefix):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response


class SecurityHeadersMiddleware(SecurityMiddleware):
    """Django's SecurityMiddleware without its HTTPS redirect: the headers only.

    First in MIDDLEWARE so that every response carries them. The redirect
    builds its target from the Host header, so it must wait until the
    registry has refused hosts it does not know (HTTPSRedirectMiddleware):
    otherwise ``Host: evil.example`` would be sent to https://evil.example/.
    """

    def process_request(self, request):
        return None


class HTTPSRedirectMiddleware(SecurityMiddleware):
    """Django's HTTPS redirect (SECURE_SSL_REDIRECT), after host routing."""

    def process_response(self, request, response):
        return response
