"""Admin hooks of the intake part (menu items: applications.hooks.MENU_HOOK).

The disclosure offices (addressees) are kept by the e-government office;
auditors read them. Staff of an organ's office register applications
received other than online.
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from applications.hooks import MENU_HOOK
from applications.models import DisclosureOffice
from applications.selectors import access
from applications.validators import validate_postcode
from applications.views.admin_intake import RegisterApplicationView, can_register
from site_registry.validators import validate_phone


class OfficePermissionPolicy(ModelPermissionPolicy):
    """The office creates and edits the addressees; auditors read them."""

    def user_has_permission(self, user, action):
        if access.is_office(user):
            return True
        return action == "view" and access.is_auditor(user)


class DisclosureOfficeForm(WagtailAdminModelForm):
    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value:
            validate_postcode(value)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        validate_phone(value)
        return value

    def clean_fax(self) -> str:
        value = self.cleaned_data["fax"].strip()
        if value:
            validate_phone(value)
        return value


class DisclosureOfficeViewSet(ModelViewSet):
    model = DisclosureOffice
    icon = "home"
    menu_label = _("受理机构")
    menu_hook = MENU_HOOK
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "applications/offices"
    url_namespace = "applications_offices"
    copy_view_enabled = False
    list_display = ["organization", "name", "site", "phone", "accepts_online"]
    list_filter = ["accepts_online", "site"]
    search_fields = ["organization__name", "name"]
    edit_handler = ObjectList(
        [
            FieldPanel("organization"),
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("phone")]),
            FieldRowPanel([FieldPanel("fax"), FieldPanel("email")]),
            FieldPanel("hours"),
            FieldPanel("accepts_online"),
            FieldPanel("staff"),
            FieldPanel("heads"),
        ],
        base_form_class=DisclosureOfficeForm,
    )


register_permission_policy(DisclosureOffice, OfficePermissionPolicy(DisclosureOffice))


@hooks.register("register_admin_viewset")
def register_office_viewset():
    return DisclosureOfficeViewSet("applications_offices")


@hooks.register("register_admin_urls")
def register_intake_urls():
    urls = [path("register/", RegisterApplicationView.as_view(), name="register")]
    return [
        path(
            "applications/intake/",
            include((urls, "applications_intake"), namespace="applications_intake"),
        )
    ]


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return can_register(request.user)


@hooks.register(MENU_HOOK)
def register_registration_menu_item():
    return RegisterMenuItem(
        _("登记申请"),
        reverse("applications_intake:register"),
        icon_name="plus",
        order=110,
    )
