"""办理人员: the office assigns users to the departments that answer messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from interaction.models import HandlerAssignment
from interaction.selectors.handling import is_auditor, is_office
from interaction.views.menu import MENU_HOOK


class HandlerPermissionPolicy(ModelPermissionPolicy):
    """The office changes assignments; auditors read them; nobody else."""

    def user_has_permission(self, user, action):
        if is_office(user):
            return True
        return action == "view" and is_auditor(user)


class HandlerAssignmentViewSet(ModelViewSet):
    model = HandlerAssignment
    icon = "group"
    menu_label = _("办理人员")
    menu_hook = MENU_HOOK
    menu_order = 300
    add_to_admin_menu = True
    url_prefix = "interaction/handlers"
    list_display = ["user", "organization"]
    list_filter = ["organization"]
    search_fields = ["user__username", "organization__name"]
    panels = [FieldPanel("user"), FieldPanel("organization")]


register_permission_policy(
    HandlerAssignment, HandlerPermissionPolicy(HandlerAssignment)
)


@hooks.register("register_admin_viewset")
def register_handler_viewset():
    return HandlerAssignmentViewSet("interaction_handlers")
