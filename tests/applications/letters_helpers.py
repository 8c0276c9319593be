"""Shared set-up of the letters tests: admin login for an organ's staff."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from tests.applications.factories import make_user
from tests.two_factor import login_verified


def admin_user_for(office=None, *, group: str | None = None):
    """A user who may open the admin: staff of ``office`` or in ``group``."""
    user = make_user(office=office)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def office_user():
    return admin_user_for(group=OFFICE_GROUP)


def auditor_user():
    return admin_user_for(group=AUDITOR_GROUP)


def log_in(client, user):
    login_verified(client, user)
    return client
