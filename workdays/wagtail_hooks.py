"""Admin: the office's holidays and make-up working days (设置 → 工作日历).

Plain model permissions decide who sees what: the office group holds add,
change, delete and view, auditors view (site_registry.roles), editors none.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from workdays.models import CalendarDay, DayKind
from workdays.views import ImportCalendarView, can_import


def _years():
    dates = CalendarDay.objects.dates("date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in dates]


class CalendarDayFilterSet(WagtailFilterSet):
    year = ChoiceFilter(
        label=_("年份"), choices=_years, field_name="date", lookup_expr="year"
    )
    kind = ChoiceFilter(label=_("类型"), choices=DayKind.choices)

    class Meta:
        model = CalendarDay
        fields = ["year", "kind"]


class CalendarIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("导入"),
                    url=reverse("workdays_calendar:import"),
                    icon_name="upload",
                )
            )
        return buttons


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("工作日历")
    url_prefix = "workdays"
    url_namespace = "workdays_calendar"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CalendarIndexView
    filterset_class = CalendarDayFilterSet
    form_fields = ["date", "kind", "name", "source"]
    list_display = [
        "date",
        Column("weekday", label=_("星期"), accessor="weekday_label"),
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        "name",
        "source",
    ]
    list_per_page = 100

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", ImportCalendarView.as_view(), name="import"),
        ]


@hooks.register("register_admin_viewset")
def register_calendar_viewset():
    return CalendarDayViewSet()
