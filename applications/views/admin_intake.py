"""Staff register an application received in person, by post, e-mail or fax.

Only organs the user handles are offered (and checked again by the service);
the registration number and query code are shown once, for the applicant.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.forms import RegistrationForm
from applications.selectors import access
from applications.services.registration import register_received
from disclosure_pages.models import Organization


def registrable_organizations(user):
    """The organs with a disclosure office that ``user`` may register for."""
    organizations = Organization.objects.filter(disclosure_office__isnull=False)
    if access.is_office(user):
        return organizations
    return organizations.filter(pk__in=access.organization_ids_handled_by(user))


def can_register(user) -> bool:
    return registrable_organizations(user).exists()


class RegisterApplicationView(WagtailAdminTemplateMixin, FormView):
    template_name = "applications/admin/register.html"
    form_class = RegistrationForm
    page_title = gettext_lazy("登记申请")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organizations"] = registrable_organizations(self.request.user)
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        application = register_received(
            organization=data["organization"],
            channel=data["channel"],
            data=form.application_data(),
            actor=self.request.user,
            submitted_on=data["submitted_on"],
            signed_for_on=data["signed_for_on"],
            confirmed_on=data["confirmed_on"],
            identity_proof=data.get("identity_proof"),
        )
        if application.received_on:
            text = _(
                "已登记申请 %(number)s，查询码 %(code)s（请告知申请人，仅显示一次）；"
                "收到申请日期 %(received)s，答复期限 %(due)s。"
            ) % {
                "number": application.registration_number,
                "code": application.query_code,
                "received": application.received_on.isoformat(),
                "due": application.due_date.isoformat(),
            }
        else:
            text = _(
                "已登记申请 %(number)s，查询码 %(code)s（请告知申请人，仅显示一次）；"
                "尚待与申请人确认收到，确认后开始计算答复期限。"
            ) % {
                "number": application.registration_number,
                "code": application.query_code,
            }
        messages.success(self.request, text)
        return redirect("applications_intake:register")
