"""申请办理 in the admin: the applications a user may read, one application's
page (applicant, information sought, clocks, event log, action forms) and the
POST of one transition.

Nobody edits an application through a model form: every change is one of the
transitions of applications.services.handling. Opening an application's page
shows the applicant's personal data and is written to the audit log.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from applications.choices import CLOSED_STATUSES, Channel, FeeMethod, Status
from applications.models import Application
from applications.selectors import access, fees
from applications.services import handling
from applications.views.handling_forms import FORMS
from hardening.uploads import stored_file_headers

VIEW_PERSONAL_DATA = "applications.view_personal_data"
VIEW_IDENTITY_PROOF = "applications.view_identity_proof"
FIRST_YEAR = 2008


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Reading only: changes go through the transitions and their rules."""

    def user_has_permission(self, user, action):
        return action == "view" and access.can_see_applications(user)

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return Application.objects.none()
        return access.applications_for_user(user)


register_permission_policy(Application, ApplicationPermissionPolicy(Application))


class ApplicationFilterSet(WagtailFilterSet):
    organization = ModelChoiceFilter(label=_("受理机关"), queryset=None)
    status = ChoiceFilter(label=_("状态"), choices=Status.choices)
    channel = ChoiceFilter(label=_("申请渠道"), choices=Channel.choices)
    year = ChoiceFilter(
        label=_("收到申请年度"), choices=(), method="filter_year", empty_label=_("全部")
    )

    class Meta:
        model = Application
        fields = ["organization", "status", "channel"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from disclosure_pages.models import Organization

        visible = access.applications_for_user(request.user)
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=visible.values("organization_id")
        ).order_by("name")
        # Every year since the Regulations took effect (2008), newest first.
        this_year = timezone.localdate().year
        self.filters["year"].extra["choices"] = [
            (year, year) for year in range(this_year + 1, FIRST_YEAR - 1, -1)
        ]

    def filter_year(self, queryset, name, value):
        return queryset.filter(received_on__year=int(value))


class ApplicationIndexView(IndexView):
    search_fields = ["registration_number", "info_title"]
    search_backend_name = None  # plain database lookups on two columns

    def get_base_queryset(self):
        return access.applications_for_user(self.request.user)

    def get_edit_url(self, instance):
        return None  # an application opens on its page; changes are actions


def _letters_url(application) -> str:
    return reverse(
        "applications_letters:issue", kwargs={"application_id": application.pk}
    )


class ApplicationInspectView(InspectView):
    """An application, its clocks, its log and the transitions possible now."""

    template_name = "applications/admin/application_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            access.applications_for_user(self.request.user), pk=self.pk
        )

    def get_fields_context(self):
        # A person has no credit code, an organisation no ID number: leave the
        # fields the applicant did not fill in out of the page.
        return [
            field
            for field in super().get_fields_context()
            if field["value"] not in ("", None)
        ]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The page shows the applicant's personal data (docs/applications.md).
        log(
            instance=self.object,
            action=VIEW_PERSONAL_DATA,
            user=request.user,
            data={"registration_number": self.object.registration_number},
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        names = handling.available(application, user=user)
        context.update(
            application=application,
            events=application.events.select_related("actor"),
            action_forms=[
                (
                    FORMS[name](application=application),
                    reverse("applications_handling:act", args=[application.pk, name]),
                )
                for name in names
            ],
            read_only=access.is_auditor(user) and not access.is_office(user),
            closed=application.status in CLOSED_STATUSES,
            letters_url=_letters_url(application),
        )
        if "notify_fee" in names:
            context["per_item_number"] = fees.monthly_number(application)
            context["per_item_fee"] = fees.fee_for(application, FeeMethod.PER_ITEM)
        return context


class ApplicationActionView(View):
    """POST one transition; a refusal comes back as an error, nothing saved."""

    http_method_names = ["post"]

    def post(self, request, pk, name):
        application = get_object_or_404(
            access.applications_for_user(request.user), pk=pk
        )
        form_class = FORMS.get(name)
        if form_class is None or not access.can_handle(request.user, application):
            raise PermissionDenied
        if access.is_auditor(request.user) and not access.is_office(request.user):
            raise PermissionDenied
        form = form_class(request.POST, application=application)
        back = reverse("applications_handling:inspect", args=[application.pk])
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    flash.error(request, f"{label}：{error}" if label else error)
            return redirect(back)
        try:
            form.perform(user=request.user)
        except handling.TransitionRefused as refusal:
            flash.error(request, refusal.message)
            return redirect(back)
        flash.success(
            request, gettext("已完成“%(action)s”。") % {"action": form_class.label}
        )
        return redirect(back)


class IdentityProofView(View):
    """The applicant's identity proof, from the private storage, to the organ's
    staff (and the office) only; every download is in the audit log."""

    http_method_names = ["get"]

    def get(self, request, pk):
        application = get_object_or_404(
            access.applications_for_user(request.user), pk=pk
        )
        if not access.can_handle(request.user, application):
            raise PermissionDenied
        proof = application.identity_proof
        if not proof:
            raise Http404
        with proof.open("rb") as stored:
            content = stored.read()
        headers = stored_file_headers(proof.name, content[:2048])
        log(
            instance=application,
            action=VIEW_IDENTITY_PROOF,
            user=request.user,
            data={"registration_number": application.registration_number},
        )
        filename = quote(f"{application.registration_number}-身份证明")
        extension = proof.name.rsplit(".", 1)[-1].lower() if "." in proof.name else ""
        response = HttpResponse(content, content_type=headers["ContentType"])
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{filename}.{quote(extension)}"
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ApplicationViewSet(ModelViewSet):
    model = Application
    icon = "mail"
    menu_label = _("申请办理")
    url_prefix = "applications/handling"
    url_namespace = "applications_handling"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    filterset_class = ApplicationFilterSet
    form_fields = []
    list_per_page = 50
    list_display = [
        "registration_number",
        "info_title",
        "organization",
        Column("channel", label=_("申请渠道"), accessor="get_channel_display"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        "received_on",
        "due_date",
    ]
    # The applicant (art. 29) and the information sought; the proof file is
    # private and not linked here.
    inspect_view_fields = [
        "registration_number",
        "organization",
        "channel",
        "submitted_at",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "work_unit",
        "credit_code",
        "legal_representative",
        "contact_person",
        "address",
        "postcode",
        "phone",
        "email",
        "info_title",
        "info_document_number",
        "info_description",
        "delivery_form",
        "delivery_channel",
    ]

    def get_urlpatterns(self):
        # No add/edit/delete: an application changes only through transitions.
        hidden = {"add", "edit", "delete"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        return [
            *patterns,
            path(
                "<int:pk>/act/<slug:name>/",
                ApplicationActionView.as_view(),
                name="act",
            ),
            path("<int:pk>/proof/", IdentityProofView.as_view(), name="proof"),
        ]


application_viewset = ApplicationViewSet()
