"""Admin: each site's message channels (互动交流 → 互动渠道).

The office configures every site's channels; auditors read them all; a site's
editors and reviewers read their own sites' channels and get a 404 for any
other site's (interaction.selectors.channels decides).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from disclosure_pages.models import Organization
from interaction.choices import ChannelKind
from interaction.models import Channel
from interaction.selectors.channels import (
    can_configure_channels,
    channel_has_messages,
    channels_readable_by,
    reads_all_channels,
    sites_staffed_by,
)
from interaction.views.menu import MENU_HOOK
from site_registry.models import SiteProfile

CONFIGURE_ACTIONS = {"add", "change", "delete", "view"}


class ChannelPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if can_configure_channels(user):
            return action in CONFIGURE_ACTIONS
        if action == "view":
            return reads_all_channels(user) or sites_staffed_by(user).exists()
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and channel_has_messages(instance):
            return False  # messages keep their channel (on_delete=PROTECT)
        if can_configure_channels(user):
            return action in CONFIGURE_ACTIONS
        if action == "view":
            return channels_readable_by(user).filter(pk=instance.pk).exists()
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if can_configure_channels(user) and set(actions) & CONFIGURE_ACTIONS:
            return channels_readable_by(user)
        if "view" in actions:
            return channels_readable_by(user)
        return Channel.objects.none()


register_permission_policy(Channel, ChannelPermissionPolicy(Channel))


class ChannelForm(WagtailAdminModelForm):
    """The departments offered are the organisations of the channel's site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        departments.widget = forms.CheckboxSelectMultiple()
        site_field = self.fields.get("site")
        if self.instance.pk:
            # A channel's messages stay with its site: the site is fixed.
            if site_field is not None:
                site_field.disabled = True
            departments.queryset = Organization.objects.filter(
                sites=self.instance.site_id
            ).order_by("name")
        else:
            departments.queryset = (
                Organization.objects.filter(sites__isnull=False)
                .distinct()
                .order_by("name")
            )

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get("site") or (self.instance.site if self.instance.pk else None)
        departments = cleaned.get("departments")
        if site is not None and departments:
            own = set(
                Organization.objects.filter(sites=site).values_list("pk", flat=True)
            )
            foreign = [org.name for org in departments if org.pk not in own]
            if foreign:
                self.add_error(
                    "departments",
                    gettext("“%(orgs)s”不是网站“%(site)s”的单位，不能办理其来信。")
                    % {"orgs": "、".join(foreign), "site": site.name},
                )
        return cleaned


class ChannelFilterSet(WagtailFilterSet):
    site = ModelChoiceFilter(label=_("所属网站"), queryset=None)
    kind = ChoiceFilter(label=_("渠道类型"), choices=ChannelKind.choices)

    class Meta:
        model = Channel
        fields = ["site", "kind", "is_active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        sites = SiteProfile.objects.order_by("name")
        if request is not None and not reads_all_channels(request.user):
            sites = sites_staffed_by(request.user).order_by("name")
        self.filters["site"].queryset = sites


class ReadableObjectMixin:
    """Another site's channel does not exist for a site's own staff (404)."""

    def readable_channel(self, pk):
        try:
            return channels_readable_by(self.request.user).get(pk=pk)
        except (Channel.DoesNotExist, ValueError):
            raise Http404 from None


class ChannelIndexView(IndexView):
    def get_base_queryset(self):
        return channels_readable_by(self.request.user)


class ChannelEditView(ReadableObjectMixin, EditView):
    def dispatch(self, request, *args, **kwargs):
        self.readable_channel(self.object_pk)
        return super().dispatch(request, *args, **kwargs)


class ChannelDeleteView(ReadableObjectMixin, DeleteView):
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return self.readable_channel(self.kwargs[self.pk_url_kwarg])

    def dispatch(self, request, *args, **kwargs):
        if can_configure_channels(request.user) and channel_has_messages(self.object):
            messages.error(
                request,
                gettext("渠道“%(name)s”已有来信，不能删除；可取消“开放受理”停止受理。")
                % {"name": self.object.name},
            )
            return redirect("interaction_channels:edit", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class ChannelInspectView(ReadableObjectMixin, InspectView):
    def get_object(self, queryset=None):
        return self.readable_channel(self.pk)


class ChannelViewSet(ModelViewSet):
    model = Channel
    icon = "mail"
    menu_label = _("互动渠道")
    menu_hook = MENU_HOOK
    menu_order = 900
    url_prefix = "interaction/channels"
    url_namespace = "interaction_channels"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ChannelIndexView
    edit_view_class = ChannelEditView
    delete_view_class = ChannelDeleteView
    inspect_view_class = ChannelInspectView
    filterset_class = ChannelFilterSet
    list_display = [
        "name",
        "site",
        Column("kind", label=_("渠道类型"), accessor="get_kind_display"),
        "answer_days",
        BooleanColumn("counts_for_v5", label=_("计入单项否决V5")),
        BooleanColumn("is_active", label=_("开放受理")),
    ]
    inspect_view_fields = [
        "site",
        "kind",
        "name",
        "slug",
        "intro",
        "departments",
        "answer_days",
        "publish_replies",
        "counts_for_v5",
        "require_name",
        "require_phone",
        "require_email",
        "is_active",
        "sort_order",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("kind"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("intro"),
            FieldPanel("departments"),
            FieldPanel("answer_days"),
            FieldPanel("publish_replies"),
            FieldPanel("counts_for_v5"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("require_name"),
                            FieldPanel("require_phone"),
                            FieldPanel("require_email"),
                        ]
                    )
                ],
                heading=_("来信人必填信息"),
            ),
            FieldPanel("is_active"),
            FieldPanel("sort_order"),
        ],
        base_form_class=ChannelForm,
    )


@hooks.register("register_admin_viewset")
def register_channel_viewset():
    return ChannelViewSet()
