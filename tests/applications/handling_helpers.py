"""Builders for the handling tests: an organ's office with its people."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from tests.applications.factories import make_office, make_user


def at(day: date, hour: int = 10) -> datetime:
    """A moment on ``day`` in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


class People:
    """An organ's office with a clerk and a head, another organ's clerk, an
    auditor and a member of the e-government office."""

    def __init__(self):
        self.office = make_office()
        self.organization = self.office.organization
        self.other_office = make_office(site_profile=self.office.site)
        self.clerk = make_user(office=self.office)
        self.head = make_user(office=self.office, head=True)
        self.other_clerk = make_user(office=self.other_office)
        self.other_head = make_user(office=self.other_office, head=True)
        self.auditor = make_user()
        self.auditor.groups.add(Group.objects.get(name=AUDITOR_GROUP))
        self.office_member = make_user()
        self.office_member.groups.add(Group.objects.get(name=OFFICE_GROUP))
        # Disclosure-office staff work in the admin (their site roles give it).
        admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        for user in (self.clerk, self.head, self.other_clerk, self.other_head):
            user.user_permissions.add(admin)
