"""行政复议、行政诉讼 records (Table 四 input) in the admin.

An organ's disclosure office enters its own organ's records; the e-government
office enters any; auditors read. Nobody else sees them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from applications.choices import AppealResult
from applications.models import AppealRecord
from applications.selectors import access
from applications.selectors.scopes import readable_organization_ids
from disclosure_pages.models import Organization


def _writable_organization_ids(user) -> set[int] | None:
    """Organs whose records ``user`` may write; None = all."""
    if access.is_office(user):
        return None
    return access.organization_ids_handled_by(user)


class AppealPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "view":
            return access.can_see_applications(user)
        if action in ("add", "change", "delete"):
            return access.is_office(user) or access.offices_of(user).exists()
        return False

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return AppealRecord.objects.none()
        ids = (
            readable_organization_ids(user)
            if action == "view"
            else _writable_organization_ids(user)
        )
        records = AppealRecord.objects.select_related("organization")
        return records if ids is None else records.filter(organization_id__in=ids)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.instances_user_has_permission_for(user, action)
            .filter(pk=instance.pk)
            .exists()
        )


register_permission_policy(AppealRecord, AppealPermissionPolicy(AppealRecord))


class ScopedObjectMixin:
    """A record outside the user's organs is refused, not just hidden."""

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_required, record
        ):
            raise PermissionDenied
        return record


class AppealIndexView(IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "view"
        )


class AppealEditView(ScopedObjectMixin, EditView):
    pass


class AppealDeleteView(ScopedObjectMixin, DeleteView):
    pass


class AppealInspectView(ScopedObjectMixin, InspectView):
    pass


class AppealRecordForm(WagtailAdminModelForm):
    class Meta:
        model = AppealRecord
        fields = [
            "organization",
            "kind",
            "case_number",
            "filed_on",
            "result",
            "decided_on",
            "application",
            "note",
        ]
        widgets = {"filed_on": AdminDateInput, "decided_on": AdminDateInput}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        ids = _writable_organization_ids(for_user)
        organs = Organization.objects.filter(disclosure_office__isnull=False)
        if ids is not None:
            organs = organs.filter(pk__in=ids)
        self.fields["organization"].queryset = organs.order_by("name")
        applications = access.applications_for_user(for_user)
        if ids is not None:
            applications = applications.filter(organization_id__in=ids)
        self.fields["application"].queryset = applications.select_related(None).only(
            "pk", "registration_number", "info_title"
        )

    def clean(self):
        cleaned = super().clean()
        result, decided = cleaned.get("result"), cleaned.get("decided_on")
        filed = cleaned.get("filed_on")
        if result == AppealResult.PENDING and decided:
            self.add_error("decided_on", _("尚未审结的案件不应填写审结日期。"))
        if result and result != AppealResult.PENDING and not decided:
            self.add_error("decided_on", _("已审结的案件须填写审结日期。"))
        if filed and decided and decided < filed:
            self.add_error("decided_on", _("审结日期不能早于立案日期。"))
        application, organ = cleaned.get("application"), cleaned.get("organization")
        if application and organ and application.organization_id != organ.pk:
            self.add_error("application", _("相关申请须是该机关的申请。"))
        return cleaned


class AppealRecordViewSet(ModelViewSet):
    model = AppealRecord
    icon = "clipboard-list"
    menu_label = _("行政复议、行政诉讼")
    url_prefix = "applications/appeals"
    url_namespace = "applications_appeals"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "organization",
        "kind",
        "case_number",
        "filed_on",
        "result",
        "decided_on",
    ]
    list_filter = ["kind", "result"]
    form_fields = AppealRecordForm.Meta.fields

    index_view_class = AppealIndexView
    edit_view_class = AppealEditView
    delete_view_class = AppealDeleteView
    inspect_view_class = AppealInspectView

    def get_form_class(self, for_update=False):
        return AppealRecordForm


appeal_viewset = AppealRecordViewSet()
