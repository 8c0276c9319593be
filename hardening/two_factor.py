"""TOTP two-factor authentication in Wagtail's admin, on django-otp.

wagtail-2fa targets Wagtail 7 and has no Chinese catalog, so the flow is
integrated here, minimally: django-otp's middleware marks verified sessions;
this middleware sends admin users who must (or chose to) use a second factor to
enrol or to enter a code before anything else in the admin. Private documents
(collections restricted to logged-in users or groups) ask the same of their
readers outside /admin/ (``private_document_redirect``, a serve hook).
"""

from __future__ import annotations

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django_otp import user_has_device
from wagtail.models import BaseViewRestriction

from hardening.selectors import requires_two_factor

# Admin URLs an unverified user may still open.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "totp_setup",
    "totp_verify",
}
# Restrictions that trust the user's account (a password restriction does not).
ACCOUNT_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def second_factor_redirect(request):
    """A redirect to enrol or verify when the session lacks a needed factor.

    None when the user is anonymous, verified, or an editor who has not chosen
    to use a second factor.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    has_device = user_has_device(user, confirmed=True)
    if not has_device and not requires_two_factor(user):
        return None  # editors may enrol, but need not
    target = "hardening:totp_verify" if has_device else "hardening:totp_setup"
    return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")


def private_document_redirect(document, request):
    """Same verified session as the admin for documents of private collections."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    restrictions = document.collection.get_view_restrictions()
    if not restrictions.filter(restriction_type__in=ACCOUNT_RESTRICTIONS).exists():
        return None
    return second_factor_redirect(request)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._check(request)
        return response or self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        admin_prefix = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_prefix):
            return None
        if user.is_verified():
            return None
        try:
            if resolve(request.path_info).url_name in OPEN_URL_NAMES:
                return None
        except Resolver404:
            return None
        return second_factor_redirect(request)
