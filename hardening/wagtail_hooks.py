from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hardening import urls
from hardening.audit import ACTIONS
from hardening.selectors import is_office_staff
from hardening.two_factor import private_document_redirect


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("security/", include(urls, namespace="hardening"))]


# After Wagtail's own registrations (order 0), which these replace.
@hooks.register("construct_admin_api", order=100)
def restrict_admin_api(router):
    from hardening.admin_reads import (
        ReadableDocumentsAPIViewSet,
        ReadableImagesAPIViewSet,
    )

    router.register_endpoint("documents", ReadableDocumentsAPIViewSet)
    router.register_endpoint("images", ReadableImagesAPIViewSet)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_audit_export_menu_item():
    return OfficeMenuItem(
        _("导出审计日志"),
        reverse("hardening:audit_export"),
        icon_name="download",
        order=900,
    )


@hooks.register("register_account_menu_item")
def register_two_factor_menu_item(request):
    return {
        "url": reverse("hardening:totp_setup"),
        "label": _("两步验证"),
        "help_text": _("用手机验证器应用绑定动态口令。"),
    }


@hooks.register("before_serve_document", order=-10)
def require_verified_session_for_private_documents(document, request):
    # Before Wagtail's own restriction check, which lets superusers through.
    return private_document_redirect(document, request)
