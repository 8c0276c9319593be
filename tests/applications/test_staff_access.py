"""Disclosure-office staff get into the admin through their office, and only then."""

import pytest
from django.urls import reverse

from applications.services.staff_access import STAFF_GROUP
from tests.applications.factories import make_application, make_office, make_user
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db


def _in_group(user) -> bool:
    return user.groups.filter(name=STAFF_GROUP).exists()


def test_staff_and_heads_enter_the_admin_and_see_their_organs_applications(client):
    office = make_office()
    make_application(office.organization, info_title="预算执行情况")
    clerk = make_user()
    assert not clerk.has_perm("wagtailadmin.access_admin")
    office.staff.add(clerk)
    clerk = type(clerk).objects.get(pk=clerk.pk)  # drop the permission cache
    assert _in_group(clerk) and clerk.has_perm("wagtailadmin.access_admin")
    login_verified(client, clerk)
    listing = client.get(reverse("applications_handling:index"))
    assert listing.status_code == 200
    assert "预算执行情况" in listing.content.decode()

    head = make_user()
    head.headed_disclosure_offices.add(office)  # from the user's side too
    assert _in_group(head)


def test_leaving_the_last_office_takes_access_away():
    first, second = make_office(), make_office()
    clerk = make_user(office=first)
    second.staff.add(clerk)
    first.staff.remove(clerk)
    assert _in_group(clerk)  # still staff of the second office
    second.staff.clear()
    assert not _in_group(clerk)
    assert (
        not type(clerk).objects.get(pk=clerk.pk).has_perm("wagtailadmin.access_admin")
    )
