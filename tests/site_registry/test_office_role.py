"""The office group the registry creates is the office for the account rules (13.6).

A member is made the way the office does it: the registry opens a site (which
creates the cluster roles) and a superuser adds the user in the admin's user
form, ticking the office group. That member must then enrol in two-factor
authentication and, once verified, reach the audit export and search reports.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from core.roles import LEGACY_OFFICE_GROUP, OFFICE_GROUP
from site_registry import roles
from tests.browser_form import form_data
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
PASSWORD = "Office-Member-2026"


def _add_office_member(client):
    superuser = User.objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    login_verified(client, superuser)
    url = reverse("wagtailusers_users:add")
    data = form_data(client.get(url, **HOST).content.decode(), action=url)
    office = Group.objects.get(name=roles.OFFICE_GROUP)
    data.update(
        username="wang",
        email="wang@example.gov.cn",
        first_name="王",
        last_name="办",
        password1=PASSWORD,
        password2=PASSWORD,
        groups=[str(office.pk)],
    )
    response = client.post(url, data, **HOST)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    member = User.objects.get(username="wang")
    assert list(member.groups.values_list("name", flat=True)) == [OFFICE_GROUP]
    assert not member.is_superuser
    return member


def test_registry_office_member_is_office_staff(client):
    open_city()
    member = _add_office_member(client)

    # Two-factor authentication is enforced right after the password.
    response = client.post(
        "/admin/login/", {"username": "wang", "password": PASSWORD}, **HOST
    )
    assert response.status_code == 302
    response = client.get("/admin/", **HOST)
    assert response.status_code == 302
    assert reverse("hardening:totp_setup") in response["Location"]
    today = timezone.localdate()
    export = reverse("hardening:audit_export")
    query = {"start": today, "end": today, "format": "csv"}
    assert client.get(export, query, **HOST).status_code == 302

    # Once verified: audit export and both search reports.
    login_verified(client, member)
    response = client.get(export, query, **HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    for name in ("search_reports:top_queries", "search_reports:zero_results"):
        assert client.get(reverse(name), **HOST).status_code == 200
    menu = client.get("/admin/", **HOST).content.decode()
    assert reverse("search_reports:top_queries") in menu


def test_old_office_group_is_renamed_by_the_migration(client):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "site_registry.migrations.0003_rename_office_group"
    )
    open_city()
    office = Group.objects.get(name=OFFICE_GROUP)
    office.name = LEGACY_OFFICE_GROUP  # a database from before the fix
    office.save()
    member = User.objects.create_user("li", password=PASSWORD)
    member.groups.add(office)
    migration.rename_office_group(apps, None)
    assert list(member.groups.values_list("name", flat=True)) == [OFFICE_GROUP]
    assert not Group.objects.filter(name=LEGACY_OFFICE_GROUP).exists()

    # Both groups present (one made by hand, as the docs said): folded into one.
    legacy = Group.objects.create(name=LEGACY_OFFICE_GROUP)
    other = User.objects.create_user("zhao", password=PASSWORD)
    other.groups.add(legacy)
    root = Page.get_first_root_node()
    GroupPagePermission.objects.create(
        group=legacy,
        page=root,
        permission_id=GroupPagePermission.objects.filter(group__name=OFFICE_GROUP)
        .values_list("permission_id", flat=True)
        .first(),
    )
    migration.rename_office_group(apps, None)
    assert not Group.objects.filter(name=LEGACY_OFFICE_GROUP).exists()
    assert list(other.groups.values_list("name", flat=True)) == [OFFICE_GROUP]
    from hardening.selectors import is_office_staff

    assert is_office_staff(User.objects.get(pk=other.pk))
