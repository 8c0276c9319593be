"""Admin screens of public consultations (征集调查).

A site's editors and reviewers manage their own sites' consultations, the office
every site's; auditors read them all and change nothing; anyone else, and other
sites' editors, see nothing (404). Comments are moderated and the adoption
feedback published on screens of their own.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.documents import get_document_model
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from hardening.selectors import is_office_staff
from interaction.choices import ConsultationKind, Moderation, QuestionKind
from interaction.models import Consultation
from interaction.selectors import consultations as selectors
from interaction.services import consultations as services
from interaction.views.menu import MENU_HOOK


class ConsultationPermissionPolicy(ModelPermissionPolicy):
    """Roles from the registry's groups, not model permissions (module doc)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return (
                selectors.can_read_all(user=user)
                or selectors.managed_sites(user=user).exists()
            )
        if action in ("add", "change"):
            return selectors.managed_sites(user=user).exists()
        if action == "delete":
            return is_office_staff(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return (
                selectors.consultations_for_user(user=user)
                .filter(pk=instance.pk)
                .exists()
            )
        if action == "change":
            return selectors.can_manage(user=user, consultation=instance)
        if action == "delete":
            return is_office_staff(user)
        return False

    def instances_user_has_permission_for(self, user, action):
        if action == "view":
            return selectors.consultations_for_user(user=user)
        if action == "change":
            return Consultation.objects.filter(
                site__in=selectors.managed_sites(user=user)
            )
        if action == "delete" and is_office_staff(user):
            return Consultation.objects.all()
        return Consultation.objects.none()


register_permission_policy(Consultation, ConsultationPermissionPolicy(Consultation))


class ConsultationForm(WagtailAdminModelForm):
    """Limits the site to the user's own; checks dates and survey questions."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        self.fields["site"].queryset = selectors.managed_sites(user=for_user)
        # Only documents the user may choose: a posted id of another site's
        # file is refused like an unknown one.
        documents = policy_registry.get_by_type(
            get_document_model()
        ).instances_user_has_any_permission_for(for_user, ["choose"])
        self.fields["draft"].queryset = documents
        for form in self.formsets["attachments"].forms:
            form.fields["document"].queryset = documents

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("截止时间应晚于开始时间。"))
        return cleaned

    def is_valid(self):
        # The questions' formsets are validated after clean(): check them here.
        valid = super().is_valid()
        if not valid or self.cleaned_data.get("kind") != ConsultationKind.SURVEY:
            return valid
        questions = [
            form
            for form in self.formsets["questions"].forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not questions:
            self.add_error(None, _("问卷调查至少需要一道题目。"))
            return False
        for form in questions:
            if form.cleaned_data.get("kind") == QuestionKind.TEXT:
                continue
            options = [
                option
                for option in form.formsets["options"].forms
                if option.cleaned_data and not option.cleaned_data.get("DELETE")
            ]
            if len(options) < 2:
                self.add_error(
                    None,
                    _("选择题“%(text)s”至少需要两个选项。")
                    % {"text": form.cleaned_data.get("text", "")},
                )
                return False
        return True


PANELS = [
    FieldPanel("site"),
    FieldRowPanel([FieldPanel("kind"), FieldPanel("is_published")]),
    FieldPanel("title"),
    FieldPanel("slug"),
    FieldPanel("description"),
    FieldPanel("organizer"),
    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    FieldPanel("draft"),
    InlinePanel(
        "attachments", panels=[FieldPanel("document")], label=gettext_lazy("附件")
    ),
    FieldPanel("results_public"),
    InlinePanel(
        "questions",
        label=gettext_lazy("调查题目"),
        panels=[
            FieldPanel("text"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
            InlinePanel(
                "options", panels=[FieldPanel("text")], label=gettext_lazy("选项")
            ),
        ],
    ),
]


class ScopedObjectMixin:
    """Another site's consultation does not exist for the user (404)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        user = self.request.user
        if not selectors.consultations_for_user(user=user).filter(pk=obj.pk).exists():
            raise Http404
        action = self.permission_required or "view"  # inspect has none
        if not self.permission_policy.user_has_permission_for_instance(
            user, action, obj
        ):
            raise PermissionDenied
        return obj


class ConsultationIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.consultations_for_user(user=self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.kind != ConsultationKind.SOLICITATION:
            return buttons
        buttons.append(
            ListingMenuItem(
                _("意见审核"),
                url=reverse("interaction_consultation:comments", args=[instance.pk]),
                icon_name="comment",
                priority=40,
            )
        )
        if selectors.has_ended(instance) and selectors.can_manage(
            user=self.request.user, consultation=instance
        ):
            buttons.append(
                ListingMenuItem(
                    _("公布采纳情况"),
                    url=reverse(
                        "interaction_consultation:feedback", args=[instance.pk]
                    ),
                    icon_name="doc-full",
                    priority=50,
                )
            )
        return buttons

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("采纳反馈逾期"),
                url=reverse("interaction_consultation:overdue"),
                icon_name="warning",
            ),
        ]


class ConsultationEditView(ScopedObjectMixin, EditView):
    pass


class ConsultationInspectView(ScopedObjectMixin, InspectView):
    pass


class ConsultationDeleteView(ScopedObjectMixin, DeleteView):
    pass


def _consultation_for(request, pk, *, change=False) -> Consultation:
    consultation = get_object_or_404(
        selectors.consultations_for_user(user=request.user), pk=pk
    )
    if change and not selectors.can_manage(
        user=request.user, consultation=consultation
    ):
        raise PermissionDenied
    return consultation


class CommentsView(WagtailAdminTemplateMixin, TemplateView):
    """The comments of one solicitation, approved or rejected one by one."""

    template_name = "interaction/admin/consultation_comments.html"
    page_title = gettext_lazy("意见审核")
    header_icon = "comment"

    def dispatch(self, request, pk, *args, **kwargs):
        self.consultation = _consultation_for(request, pk)
        self.can_change = selectors.can_manage(
            user=request.user, consultation=self.consultation
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.consultation.title

    def post(self, request, *args, **kwargs):
        if not self.can_change:
            raise PermissionDenied
        comment = get_object_or_404(
            self.consultation.comments, pk=request.POST.get("comment") or 0
        )
        try:
            services.moderate_comment(
                comment=comment, moderation=request.POST.get("moderation", "")
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("审核结果已保存。"))
        return redirect("interaction_consultation:comments", self.consultation.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            comments=self.consultation.comments.all(),
            can_change=self.can_change,
            approve=Moderation.APPROVED,
            reject=Moderation.REJECTED,
            **kwargs,
        )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=gettext_lazy("采纳情况反馈"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": gettext_lazy("请填写采纳情况反馈。")},
    )


class FeedbackView(WagtailAdminTemplateMixin, FormView):
    """Publish the adoption feedback; refused before the end."""

    template_name = "site_registry/admin/form.html"
    form_class = FeedbackForm
    page_title = gettext_lazy("公布采纳情况")
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.consultation = _consultation_for(request, pk, change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.consultation.title

    def get_initial(self):
        return {"feedback": self.consultation.feedback}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("公布"), **kwargs)

    def form_valid(self, form):
        try:
            services.publish_feedback(
                consultation=self.consultation,
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("采纳情况反馈已公布。"))
        return redirect("interaction_consultation:index")


class OverdueView(WagtailAdminTemplateMixin, TemplateView):
    """Solicitations whose feedback is past due (INTERACTION_FEEDBACK_DAYS)."""

    template_name = "interaction/admin/consultation_overdue.html"
    page_title = gettext_lazy("采纳反馈逾期")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not ConsultationPermissionPolicy(Consultation).user_has_permission(
            request.user, "view"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            rows=selectors.overdue_feedback(
                consultations=selectors.consultations_for_user(user=self.request.user),
                today=today,
            ),
            days=selectors.feedback_days(),
            today=today,
            **kwargs,
        )


class ConsultationViewSet(ModelViewSet):
    model = Consultation
    icon = "form"
    menu_label = gettext_lazy("征集调查")
    menu_hook = MENU_HOOK
    url_prefix = "interaction/consultations"
    url_namespace = "interaction_consultation"
    index_view_class = ConsultationIndexView
    edit_view_class = ConsultationEditView
    inspect_view_class = ConsultationInspectView
    delete_view_class = ConsultationDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(PANELS, base_form_class=ConsultationForm)
    list_display = [
        "title",
        "site",
        Column("kind", label=gettext_lazy("类型"), accessor="get_kind_display"),
        "starts_at",
        "ends_at",
        "is_published",
        "feedback_published_at",
    ]
    list_filter = ["kind", "is_published"]
    search_fields = ["title"]
    inspect_view_fields = [
        "site",
        "kind",
        "title",
        "organizer",
        "starts_at",
        "ends_at",
        "is_published",
        "feedback",
        "feedback_published_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("overdue/", OverdueView.as_view(), name="overdue"),
            path("<int:pk>/comments/", CommentsView.as_view(), name="comments"),
            path("<int:pk>/feedback/", FeedbackView.as_view(), name="feedback"),
        ]


@hooks.register("register_admin_viewset")
def register_consultation_viewset():
    return ConsultationViewSet()


class _OverdueMenuItem(MenuItem):
    def is_shown(self, request):
        return ConsultationPermissionPolicy(Consultation).user_has_permission(
            request.user, "view"
        )


@hooks.register(MENU_HOOK)
def register_overdue_menu_item():
    return _OverdueMenuItem(
        gettext_lazy("采纳反馈逾期"),
        reverse("interaction_consultation:overdue"),
        icon_name="warning",
        order=310,
    )
