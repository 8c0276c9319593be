"""The 互动交流 admin menu.

Every area (messages, interviews, consultations) registers its own viewsets
in its module under views/; a viewset with ``menu_hook = MENU_HOOK`` (or a
``MenuItem`` returned by a hook of that name) lands in this submenu.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from interaction.views import (  # noqa: F401 - the modules register their hooks
    admin_channels,
    admin_consultations,
    admin_handlers,
    admin_interviews,
    admin_messages,
)
from interaction.views.menu import MENU_HOOK


@hooks.register("register_admin_menu_item")
def register_interaction_menu():
    return SubmenuMenuItem(
        _("互动交流"),
        Menu(register_hook_name=MENU_HOOK),
        name="interaction",
        icon_name="mail",
        order=250,
    )
