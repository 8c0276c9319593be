"""Admin entry: the 依申请公开 menu; each part registers its items in hooks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

# The parts of the app register their views, menu items and snippets here.
from applications.hooks import (  # noqa: F401
    MENU_HOOK,
    handling,
    intake,
    letters,
    statistics,
)


@hooks.register("register_admin_menu_item")
def register_applications_menu():
    return SubmenuMenuItem(
        _("依申请公开"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="mail",
        name="applications",
        order=260,
    )
