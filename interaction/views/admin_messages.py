"""来信办理 in the admin: scoped list with due-soon/overdue filters and Excel
export, a message's page with its handling log and action forms.

Nobody edits a message through a model form: every change is one of the
handling actions (interaction.services.handling), posted to ``act``.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import ChoiceFilter, ModelChoiceFilter, NumberFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import timefmt
from interaction.choices import MessageStatus
from interaction.models import Channel, Message
from interaction.selectors import handling as selectors
from interaction.services.handling import HandlingError
from interaction.views.menu import MENU_HOOK
from interaction.views.message_forms import FORMS, available_forms

DUE_SOON = "soon"
OVERDUE = "overdue"


class MessagePermissionPolicy(ModelPermissionPolicy):
    """Reading only: changes go through the handling actions and their rules."""

    def user_has_permission(self, user, action):
        return action == "view" and selectors.can_see_messages(user)

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return Message.objects.none()
        return selectors.messages_for_user(user)


class MessageFilterSet(WagtailFilterSet):
    site = ModelChoiceFilter(label=_("网站"), queryset=None)
    channel = ModelChoiceFilter(label=_("渠道"), queryset=None)
    department = ModelChoiceFilter(label=_("办理单位"), queryset=None)
    status = ChoiceFilter(label=_("状态"), choices=MessageStatus.choices)
    due = ChoiceFilter(
        label=_("期限"),
        choices=[(DUE_SOON, _("即将到期")), (OVERDUE, _("已超期"))],
        method="filter_due",
    )
    days = NumberFilter(
        label=_("即将到期天数（工作日）"),
        method="filter_nothing",
        help_text=_("默认 %(days)d 个工作日") % {"days": selectors.DUE_SOON_DAYS},
    )

    class Meta:
        model = Message
        fields = ["site", "channel", "department", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from disclosure_pages.models import Organization
        from site_registry.models import SiteProfile

        visible = selectors.messages_for_user(request.user)
        self.filters["site"].queryset = SiteProfile.objects.filter(
            pk__in=visible.values("site_id")
        ).order_by("name")
        self.filters["channel"].queryset = Channel.objects.filter(
            pk__in=visible.values("channel_id")
        ).select_related("site")
        self.filters["department"].queryset = Organization.objects.filter(
            pk__in=visible.values("department_id")
        ).order_by("name")

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_due

    def filter_due(self, queryset, name, value):
        if value == OVERDUE:
            return selectors.overdue(queryset)
        days = self.form.cleaned_data.get("days")
        if days is None or days < 0:
            days = selectors.DUE_SOON_DAYS
        return selectors.due_soon(queryset, days=min(int(days), 60))


register_permission_policy(Message, MessagePermissionPolicy(Message))


class MessageIndexView(timefmt.LocalTimeExportMixin, IndexView):
    """The messages the user may read; ``?export=xlsx`` exports what it shows."""

    export_filename = "interaction-messages"
    list_export = [
        "query_code",
        "site.name",
        "channel.name",
        "title",
        "get_status_display",
        "department.name",
        "received_at",
        "due_date",
        "extended",
        "answered_at",
        "answer_department",
        "is_published",
    ]
    export_headings = {
        "query_code": _("查询码"),
        "site.name": _("网站"),
        "channel.name": _("渠道"),
        "title": _("标题"),
        "get_status_display": _("状态"),
        "department.name": _("办理单位"),
        "received_at": _("来信时间"),
        "due_date": _("答复期限"),
        "extended": _("已延期"),
        "answered_at": _("回复时间"),
        "answer_department": _("回复单位"),
        "is_published": _("已公开"),
    }

    def get_base_queryset(self):
        return selectors.messages_for_user(self.request.user)

    def get_edit_url(self, instance):
        return None  # a message opens on its page; changes are actions there

    def to_row_dict(self, item):
        yes_no = {True: gettext("是"), False: gettext("否")}
        special = {
            "department.name": item.department.name if item.department_id else "",
            "extended": yes_no[item.extended],
            "is_published": yes_no[item.is_published],
        }
        return {
            field: special[field] if field in special else multigetattr(item, field)
            for field in self.list_export
        }

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=gettext("来信"))
        worksheet.append(self.get_heading(queryset, f) for f in self.list_export)
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
        workbook.save(output)


class MessageInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    """A message, its handling log (who, when, what) and the action forms."""

    template_name = "interaction/admin/message_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.messages_for_user(self.request.user), pk=self.pk
        )

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("是") if value else gettext("否")
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object
        user = self.request.user
        context["events"] = selectors.events_of(message)
        context["action_forms"] = [
            (
                FORMS[name](message=message),
                reverse("interaction_message:act", args=[message.pk, name]),
            )
            for name in available_forms(user=user, message=message)
        ]
        context["read_only"] = selectors.is_read_only(user)
        return context


class MessageActionView(View):
    """POST one handling action; refusals come back as an error, nothing saved."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        message = get_object_or_404(selectors.messages_for_user(request.user), pk=pk)
        if selectors.is_read_only(request.user):
            raise PermissionDenied
        form_class = FORMS.get(action)
        if form_class is None:
            raise PermissionDenied
        form = form_class(request.POST, message=message)
        back = reverse("interaction_message:inspect", args=[message.pk])
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    flash.error(request, f"{label}：{error}" if label else error)
            return redirect(back)
        try:
            form.perform(user=request.user)
        except HandlingError as error:
            flash.error(request, error.message)
            return redirect(back)
        flash.success(
            request, gettext("已完成“%(action)s”。") % {"action": form_class.label}
        )
        return redirect(back)


class MessageViewSet(ModelViewSet):
    model = Message
    icon = "mail"
    menu_label = _("来信办理")
    url_prefix = "interaction/messages"
    url_namespace = "interaction_message"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    filterset_class = MessageFilterSet
    form_fields = []
    list_per_page = 50
    list_display = [
        "title",
        "site",
        "channel",
        Column("status", label=_("状态"), accessor="get_status_display"),
        "department",
        "received_at",
        "due_date",
    ]
    inspect_view_fields = [
        "query_code",
        "site",
        "channel",
        "status",
        "title",
        "content",
        "contact_name",
        "contact_phone",
        "contact_email",
        "wants_public",
        "received_at",
        "due_date",
        "extended",
        "extension_reason",
        "department",
        "answer",
        "answer_department",
        "answered_at",
        "is_published",
        "published_at",
        "invalid_reason",
        "invalid_note",
    ]

    def get_urlpatterns(self):
        # No add/edit/delete: a message changes only through its actions.
        hidden = {"add", "edit", "delete"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        return [
            *patterns,
            path(
                "<int:pk>/act/<slug:action>/",
                MessageActionView.as_view(),
                name="act",
            ),
        ]


message_viewset = MessageViewSet()


@hooks.register("register_admin_viewset")
def register_message_viewset():
    return message_viewset


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.can_see_messages(request.user)


def _index(query: str = "") -> str:
    return reverse("interaction_message:index") + query


@hooks.register(MENU_HOOK)
def register_messages_menu_item():
    return MessagesMenuItem(_("来信办理"), _index(), icon_name="mail", order=100)


@hooks.register(MENU_HOOK)
def register_due_soon_menu_item():
    return MessagesMenuItem(
        _("即将到期来信"), _index(f"?due={DUE_SOON}"), icon_name="time", order=101
    )


@hooks.register(MENU_HOOK)
def register_overdue_menu_item():
    return MessagesMenuItem(
        _("已超期来信"), _index(f"?due={OVERDUE}"), icon_name="warning", order=102
    )
