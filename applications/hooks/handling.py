"""Admin hooks of the handling part: the 申请办理 screens and their menu item,
and the audit-log action written when an application's page is opened."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from applications.hooks import MENU_HOOK
from applications.selectors.access import can_see_applications
from applications.views.admin_handling import (
    VIEW_IDENTITY_PROOF,
    VIEW_PERSONAL_DATA,
    application_viewset,
)


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return application_viewset


class HandlingMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_applications(request.user)


@hooks.register(MENU_HOOK)
def register_handling_menu_item():
    return HandlingMenuItem(
        _("申请办理"),
        reverse("applications_handling:index"),
        icon_name="mail",
        order=200,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        VIEW_PERSONAL_DATA, _("查看申请人信息"), _("查看了申请人的个人信息")
    )
    actions.register_action(
        VIEW_IDENTITY_PROOF, _("下载身份证明"), _("下载了申请人的身份证明")
    )
