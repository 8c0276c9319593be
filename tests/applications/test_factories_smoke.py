"""The shared builders make a consistent organ, office and application."""

from datetime import date

import pytest

from applications.selectors.access import applications_for_user, can_handle
from tests.applications.factories import make_application, make_office, make_user


@pytest.mark.django_db
def test_office_staff_see_only_their_organs_applications():
    office = make_office()
    other = make_office(site_profile=office.site)
    mine = make_application(office.organization)
    make_application(other.organization)
    clerk = make_user(office=office)
    assert list(applications_for_user(clerk)) == [mine]
    assert can_handle(clerk, mine)
    assert mine.due_date > date(2026, 3, 2)
