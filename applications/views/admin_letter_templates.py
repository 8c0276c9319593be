"""Admin: letter templates (依申请公开 → 文书模板).

The office edits the platform defaults and any organ's templates; an organ's
disclosure office sees and edits only its own organ's templates, which win
over the defaults (selectors.letter_templates.template_for). Defaults cannot
be deleted (they can be restored from the shipped data file).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from applications.models import LetterTemplate
from applications.selectors.access import is_office, offices_of
from applications.selectors.letter_templates import (
    PLACEHOLDERS,
    template_errors,
    template_for,
    templates_for_user,
)
from disclosure_pages.models import Organization

ACTIONS = {"add", "change", "delete", "view"}


def _edits_templates(user) -> bool:
    return is_office(user) or offices_of(user).exists()


class LetterTemplatePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and _edits_templates(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in ACTIONS:
            return False
        if action == "delete" and instance.organization_id is None:
            return False  # a default is edited or restored, never removed
        return templates_for_user(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) & ACTIONS:
            return templates_for_user(user)
        return LetterTemplate.objects.none()


def placeholder_help() -> str:
    return "；".join(f"{{{name}}}：{text}" for name, text in PLACEHOLDERS.items())


register_permission_policy(
    LetterTemplate, LetterTemplatePermissionPolicy(LetterTemplate)
)


class LetterTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        organization = self.fields["organization"]
        if is_office(for_user):
            organization.queryset = Organization.objects.filter(
                disclosure_office__isnull=False
            ).order_by("name")
        else:
            organization.queryset = Organization.objects.filter(
                disclosure_office__in=offices_of(for_user)
            ).order_by("name")
            organization.required = True
            organization.empty_label = None
            if not self.instance.pk:
                first = organization.queryset.first()
                self.initial.setdefault("organization", first.pk if first else None)
        self.fields["body"].help_text = _("可用的占位符：%(list)s。") % {
            "list": placeholder_help()
        }

    def clean(self):
        cleaned = super().clean()
        errors = template_errors(
            kind=cleaned.get("kind", ""),
            reply_type=cleaned.get("reply_type", ""),
            title=cleaned.get("title", ""),
            body=cleaned.get("body", ""),
            legal_basis=cleaned.get("legal_basis", ""),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


class ReadableTemplateMixin:
    def readable_template(self, pk):
        try:
            return templates_for_user(self.request.user).get(pk=pk)
        except (LetterTemplate.DoesNotExist, ValueError):
            raise Http404 from None


class LetterTemplateIndexView(IndexView):
    def get_base_queryset(self):
        return templates_for_user(self.request.user).order_by(
            "organization__name", "kind", "reply_type"
        )


class LetterTemplateCreateView(CreateView):
    def get_initial(self):
        """``?organization=&kind=&reply_type=`` starts from the wording in force."""
        initial = super().get_initial()
        kind = self.request.GET.get("kind", "")
        reply_type = self.request.GET.get("reply_type", "")
        if kind:
            current = template_for(None, kind, reply_type)
            if current is not None:
                initial.update(
                    kind=kind,
                    reply_type=current.reply_type,
                    title=current.title,
                    body=current.body,
                    legal_basis=current.legal_basis,
                )
        return initial


class LetterTemplateEditView(ReadableTemplateMixin, EditView):
    def get_object(self, queryset=None):
        return self.readable_template(self.kwargs[self.pk_url_kwarg])


class LetterTemplateDeleteView(ReadableTemplateMixin, DeleteView):
    def get_object(self, queryset=None):
        return self.readable_template(self.kwargs[self.pk_url_kwarg])

    def dispatch(self, request, *args, **kwargs):
        if self.readable_template(kwargs[self.pk_url_kwarg]).organization_id is None:
            raise PermissionDenied  # a default is edited or restored, never removed
        return super().dispatch(request, *args, **kwargs)


class LetterTemplateViewSet(ModelViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = _("文书模板")
    # menu_hook: set by hooks/letters.py (views do not import the hooks).
    menu_order = 500
    add_to_admin_menu = True
    url_prefix = "applications/letter-templates"
    url_namespace = "applications_letter_templates"
    copy_view_enabled = False
    index_view_class = LetterTemplateIndexView
    add_view_class = LetterTemplateCreateView
    edit_view_class = LetterTemplateEditView
    delete_view_class = LetterTemplateDeleteView
    list_display = [
        "title",
        Column(
            "organization",
            label=_("机关"),
            accessor=lambda template: template.organization or _("全平台默认"),
        ),
        Column("kind", label=_("文书类型"), accessor="get_kind_display"),
        Column("reply_type", label=_("答复类型"), accessor="get_reply_type_display"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organization"),
            FieldPanel("kind"),
            FieldPanel("reply_type"),
            FieldPanel("title"),
            FieldPanel("legal_basis"),
            FieldPanel("body"),
        ],
        base_form_class=LetterTemplateForm,
    )
