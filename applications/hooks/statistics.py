"""Admin hooks of the statistics part (menu items: applications.hooks.MENU_HOOK):
即将到期, 已超期, 依申请公开统计 and the 行政复议、行政诉讼 records."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from applications.hooks import MENU_HOOK
from applications.selectors.access import can_see_applications
from applications.views.admin_appeals import appeal_viewset
from applications.views.admin_statistics import DeadlineListView, StatisticsView


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path(
            "applications/due-soon/",
            DeadlineListView.as_view(kind="due_soon"),
            name="applications_due_soon",
        ),
        path(
            "applications/overdue/",
            DeadlineListView.as_view(kind="overdue"),
            name="applications_overdue",
        ),
        path(
            "applications/statistics/",
            StatisticsView.as_view(),
            name="applications_statistics",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_appeal_viewset():
    return appeal_viewset


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_applications(request.user)


@hooks.register(MENU_HOOK)
def register_due_soon_item():
    return ApplicationsMenuItem(
        _("即将到期"), reverse("applications_due_soon"), icon_name="time", order=500
    )


@hooks.register(MENU_HOOK)
def register_overdue_item():
    return ApplicationsMenuItem(
        _("已超期"), reverse("applications_overdue"), icon_name="warning", order=510
    )


@hooks.register(MENU_HOOK)
def register_statistics_item():
    return ApplicationsMenuItem(
        _("依申请公开统计"),
        reverse("applications_statistics"),
        icon_name="table",
        order=520,
    )


@hooks.register(MENU_HOOK)
def register_appeals_item():
    return ApplicationsMenuItem(
        _("行政复议、行政诉讼"),
        reverse("applications_appeals:index"),
        icon_name="clipboard-list",
        order=530,
    )
