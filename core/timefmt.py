"""How times are shown to people: Asia/Shanghai (settings.TIME_ZONE), never UTC.

The database stores aware UTC datetimes. Templates convert them, but exports
do not: openpyxl cannot store an aware datetime and Wagtail's spreadsheet
export makes it naive in UTC, and CSV writes ``str(value)`` with ``+00:00``.
Every view and export that writes a time goes through these helpers; an empty
value is shown as ``EMPTY``, never as "None".
"""

from __future__ import annotations

import datetime

from django.utils import timezone

EMPTY = "—"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in the project's time zone (naive values are local)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, timezone.get_default_timezone())


def format_datetime(value, *, empty: str = EMPTY, seconds: bool = False) -> str:
    """A date or datetime as local text, e.g. ``2026-03-01 10:30``."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime.datetime):
        fmt = DATETIME_FORMAT + (":%S" if seconds else "")
        return local(value).strftime(fmt)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def excel_value(value):
    """A cell value for openpyxl: datetimes become naive local time."""
    if isinstance(value, datetime.datetime):
        return local(value).replace(tzinfo=None)
    return value


def display(value, *, empty: str = EMPTY):
    """A value for an admin detail page: times formatted, empty shown as ``empty``."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime.date):
        return format_datetime(value)
    return value


# For Wagtail's SpreadsheetExportMixin.custom_value_preprocess: local naive
# datetimes in .xlsx (with the cell's date format) and local text in .csv.
EXPORT_PREPROCESS = {
    datetime.datetime: {
        "xlsx": excel_value,
        "csv": format_datetime,
    },
    (datetime.date, datetime.time): {"xlsx": None},
}


class LocalTimeInspectMixin:
    """For Wagtail inspect views: its template applies ``|localize`` to the raw
    value, which formats aware datetimes in UTC and None as "None"."""

    def get_field_display_value(self, field_name, field):
        return display(super().get_field_display_value(field_name, field))


class LocalTimeExportMixin:
    """For Wagtail index/report views with spreadsheet export."""

    def get_preprocess_function(self, field, value, export_format):
        for value_classes, formats in EXPORT_PREPROCESS.items():
            if isinstance(value, value_classes) and export_format in formats:
                if field not in self.custom_field_preprocess:
                    return formats[export_format]
        return super().get_preprocess_function(field, value, export_format)
