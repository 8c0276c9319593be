"""Admin screens of online interviews (在线访谈): schedule, moderation, follow-up.

A site's editors and reviewers run its interviews, the office runs every
site's, auditors read every site's and change nothing; nobody else sees any.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import timefmt
from interaction.choices import InterviewStatus, Moderation
from interaction.models import Interview, InterviewQuestion
from interaction.rules import INTERVIEW_NOTICE_DAYS, local_date
from interaction.selectors.interviews import (
    can_read_all,
    editable_sites,
    follow_up_due,
    interviews_for,
    notice_too_short,
    notice_working_days,
    questions_for,
)
from interaction.services import interviews as services
from interaction.views.menu import MENU_HOOK

# --- Permissions ---


class _SitePolicy(ModelPermissionPolicy):
    """Per site, not per Django permission: see the module's docstring."""

    def _readable(self, user):
        raise NotImplementedError

    def user_has_permission(self, user, action):
        if action == "view":
            return can_read_all(user=user) or editable_sites(user=user).exists()
        return editable_sites(user=user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.instances_user_has_permission_for(user, action)
            .filter(pk=instance.pk)
            .exists()
        )

    def instances_user_has_permission_for(self, user, action):
        return self._readable(user, action)


class InterviewPolicy(_SitePolicy):
    def _readable(self, user, action):
        return interviews_for(user=user, action=action)


class QuestionPolicy(_SitePolicy):
    def user_has_permission(self, user, action):
        # Questions come from the public form only; none is added or deleted here.
        return action in ("view", "change") and super().user_has_permission(
            user, action
        )

    def _readable(self, user, action):
        return questions_for(user=user, action=action)


register_permission_policy(Interview, InterviewPolicy(Interview))
register_permission_policy(InterviewQuestion, QuestionPolicy(InterviewQuestion))


class _ScopedObjectMixin:
    """Look the object up among those the user may act on, else 404."""

    scope_action = "change"

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        allowed = self.permission_policy.instances_user_has_permission_for(
            self.request.user, self.scope_action
        )
        return get_object_or_404(allowed, pk=pk)


# --- Interviews ---


class InterviewForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "site" in self.fields:
            self.fields["site"].queryset = editable_sites(user=for_user).order_by(
                "name"
            )

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and urlsplit(url).scheme.lower() not in ("http", "https"):
            raise forms.ValidationError(_("视频链接只能是 http 或 https 网址。"))
        return url

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        announced = data.get("announced_at")
        if announced and starts and announced > starts:
            self.add_error("announced_at", _("预告时间不能晚于开始时间。"))
        return data


INTERVIEW_PANELS = ObjectList(
    [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("topic"),
        FieldPanel("guests"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("announced_at"),
        FieldPanel("video_url"),
        InlinePanel(
            "images",
            label=gettext_lazy("图片"),
            panels=[FieldPanel("image"), FieldPanel("caption")],
        ),
        FieldPanel("summary"),
        FieldPanel("transcript"),
        FieldPanel("is_published"),
    ],
    base_form_class=InterviewForm,
)


def notice_warning(interview: Interview) -> str | None:
    """The 3-working-day announcement warning (a warning, not a refusal)."""
    now = timezone.now()
    if not notice_too_short(interview=interview, now=now):
        return None
    return _(
        "访谈应至少提前%(required)d个工作日预告，当前预告时间距开始仅%(days)d个工作日。"
    ) % {
        "required": INTERVIEW_NOTICE_DAYS,
        "days": notice_working_days(interview=interview, now=now),
    }


class _SaveInterviewMixin:
    def save_instance(self):
        interview = self.form.save(commit=False)
        services.save_interview(interview=interview)
        return interview

    def save_action(self):
        if warning := notice_warning(self.object):
            messages.warning(self.request, warning)
        return super().save_action()


class InterviewCreateView(_SaveInterviewMixin, CreateView):
    pass


class InterviewEditView(_SaveInterviewMixin, _ScopedObjectMixin, EditView):
    def get_context_data(self, **kwargs):
        # Shown again on the form (not only after saving) while notice is short.
        if self.request.method == "GET" and (warning := notice_warning(self.object)):
            messages.warning(self.request, warning)
        return super().get_context_data(**kwargs)

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *status_buttons(self.object)]


class InterviewDeleteView(_ScopedObjectMixin, DeleteView):
    pass


class InterviewInspectView(
    _ScopedObjectMixin, timefmt.LocalTimeInspectMixin, InspectView
):
    scope_action = "view"

    def get_edit_url(self):
        if editable_sites(user=self.request.user).filter(pk=self.object.site_id):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        return self.get_edit_url() and super().get_delete_url()

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("网友提问"),
                url=reverse("interaction_interview_question:index")
                + f"?interview={self.object.pk}",
                icon_name="help",
                priority=30,
            )
        )
        return buttons


def status_buttons(interview: Interview) -> list[Button]:
    url = reverse("interaction_interview:status", args=[interview.pk])
    if interview.status == InterviewStatus.PLANNED:
        return [Button(_("开始直播"), url=url, icon_name="media", priority=40)]
    if interview.status == InterviewStatus.LIVE:
        return [Button(_("结束访谈"), url=url, icon_name="success", priority=40)]
    return []


class InterviewStatusView(WagtailAdminTemplateMixin, FormView):
    """开始直播 / 结束访谈: a confirmation page whose POST moves the status on."""

    template_name = "interaction/admin/interview_status.html"
    form_class = forms.Form
    header_icon = "media"

    def dispatch(self, request, pk, *args, **kwargs):
        self.interview = get_object_or_404(
            interviews_for(user=request.user, action="change"), pk=pk
        )
        if self.interview.status == InterviewStatus.FINISHED:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def ending(self) -> bool:
        return self.interview.status == InterviewStatus.LIVE

    def get_page_title(self):
        return _("结束访谈") if self.ending else _("开始直播")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            interview=self.interview,
            ending=self.ending,
            follow_up_days=services.INTERVIEW_FOLLOW_UP_DAYS,
            submit_label=self.get_page_title(),
            **kwargs,
        )

    def form_valid(self, form):
        if self.ending:
            count = services.end_interview(interview=self.interview)
            messages.success(
                self.request,
                _("访谈已结束；%(count)d个未答复的问题须在%(days)d个工作日内答复。")
                % {"count": count, "days": services.INTERVIEW_FOLLOW_UP_DAYS},
            )
        else:
            services.start_interview(interview=self.interview)
            messages.success(self.request, _("访谈已开始直播。"))
        return redirect("interaction_interview:edit", self.interview.pk)


class InterviewFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("状态"), choices=InterviewStatus.choices)
    site = ModelChoiceFilter(label=gettext_lazy("网站"), queryset=None)

    class Meta:
        model = Interview
        fields = ["site", "status", "is_published"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from site_registry.models import SiteProfile

        sites = SiteProfile.objects.all()
        if request is not None and not can_read_all(user=request.user):
            sites = editable_sites(user=request.user)
        self.filters["site"].queryset = sites.order_by("name")


class InterviewIndexView(IndexView):
    def get_base_queryset(self):
        return interviews_for(user=self.request.user, action="view")

    def get_edit_url(self, instance):
        if editable_sites(user=self.request.user).filter(pk=instance.site_id):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        return self.get_edit_url(instance) and super().get_delete_url(instance)


class InterviewViewSet(ModelViewSet):
    model = Interview
    icon = "media"
    menu_label = gettext_lazy("在线访谈")
    menu_order = 200
    menu_hook = MENU_HOOK
    url_prefix = "interaction/interviews"
    url_namespace = "interaction_interview"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = InterviewIndexView
    add_view_class = InterviewCreateView
    edit_view_class = InterviewEditView
    delete_view_class = InterviewDeleteView
    inspect_view_class = InterviewInspectView
    edit_handler = INTERVIEW_PANELS
    filterset_class = InterviewFilterSet
    list_display = [
        "title",
        "site",
        "starts_at",
        Column("status", label=gettext_lazy("状态"), accessor="get_status_display"),
        "is_published",
    ]
    inspect_view_fields = [
        "site",
        "title",
        "slug",
        "topic",
        "guests",
        "starts_at",
        "ends_at",
        "announced_at",
        "status",
        "video_url",
        "summary",
        "transcript",
        "is_published",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", InterviewStatusView.as_view(), name="status"),
        ]


# --- Questions: moderation, answers, follow-up ---


class QuestionForm(WagtailAdminModelForm):
    class Meta:
        model = InterviewQuestion
        fields = ["moderation", "answer", "answered_by", "answered_live"]

    def clean(self):
        data = super().clean()
        answer = (data.get("answer") or "").strip()
        if answer and data.get("moderation") != Moderation.APPROVED:
            self.add_error("moderation", _("答复的问题须先审核通过。"))
        if data.get("answered_live") and not answer:
            self.add_error("answer", _("现场答复须填写答复内容。"))
        return data


class QuestionFilterSet(WagtailFilterSet):
    moderation = ChoiceFilter(label=gettext_lazy("审核"), choices=Moderation.choices)
    interview = ModelChoiceFilter(label=gettext_lazy("访谈"), queryset=None)

    class Meta:
        model = InterviewQuestion
        fields = ["interview", "moderation", "answered_live"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        interviews = Interview.objects.none()
        if request is not None:
            interviews = interviews_for(user=request.user, action="view")
        self.filters["interview"].queryset = interviews


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return questions_for(user=self.request.user, action="view")

    def get_edit_url(self, instance):
        if editable_sites(user=self.request.user).filter(pk=instance.interview.site_id):
            return super().get_edit_url(instance)
        return None

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("逾期未答复"),
                url=reverse("interaction_interview_question:overdue"),
                icon_name="warning",
            ),
        ]


class OverdueIndexView(QuestionIndexView):
    """Approved questions not answered by their due date, or due soon."""

    page_title = gettext_lazy("逾期和即将到期的访谈提问")
    results_only = False

    def get_base_queryset(self):
        return follow_up_due(
            questions=super().get_base_queryset(), today=local_date(timezone.now())
        )

    @cached_property
    def header_buttons(self):
        return []


class QuestionEditView(_ScopedObjectMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.update_question(
            question=self.object,
            moderation=data["moderation"],
            answer=data.get("answer", ""),
            answered_by=data.get("answered_by", ""),
            answered_live=data.get("answered_live", False),
        )


class QuestionInspectView(
    _ScopedObjectMixin, timefmt.LocalTimeInspectMixin, InspectView
):
    scope_action = "view"


def _overdue_label(question: InterviewQuestion) -> str:
    if question.due_date and question.due_date < local_date(timezone.now()):
        return _("已逾期")
    return _("即将到期") if question.due_date else ""


class QuestionViewSet(ModelViewSet):
    model = InterviewQuestion
    icon = "help"
    menu_label = gettext_lazy("访谈提问")
    menu_order = 210
    menu_hook = MENU_HOOK
    url_prefix = "interaction/interview-questions"
    url_namespace = "interaction_interview_question"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    inspect_view_class = QuestionInspectView
    form_fields = ["moderation", "answer", "answered_by", "answered_live"]
    filterset_class = QuestionFilterSet
    list_display = [
        "content",
        "interview",
        Column(
            "moderation", label=gettext_lazy("审核"), accessor="get_moderation_display"
        ),
        "submitted_at",
        "answered_live",
        "due_date",
        Column("overdue", label=gettext_lazy("期限状态"), accessor=_overdue_label),
    ]
    inspect_view_fields = [
        "interview",
        "asker_name",
        "content",
        "submitted_at",
        "moderation",
        "answer",
        "answered_by",
        "answered_at",
        "answered_live",
        "due_date",
    ]

    def get_form_class(self, for_update=False):
        return QuestionForm

    def _overdue_view(self, **kwargs):
        return self.construct_view(
            OverdueIndexView,
            **self.get_index_view_kwargs(
                index_url_name=self.get_url_name("overdue"),
                index_results_url_name=self.get_url_name("overdue_results"),
                **kwargs,
            ),
        )

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return [
            *patterns,
            path("overdue/", self._overdue_view(), name="overdue"),
            path(
                "overdue/results/",
                self._overdue_view(results_only=True),
                name="overdue_results",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_interview_viewsets():
    return [InterviewViewSet(), QuestionViewSet()]
