"""The addressees: offices on each site's disclosure guide, and their admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications.models import DisclosureOffice
from applications.services.staff_access import STAFF_GROUP
from core.roles import OFFICE_GROUP
from site_registry.models import SiteProfile
from tests.applications.factories import make_office, make_user
from tests.applications.intake_support import add_guide
from tests.browser_form import form_data
from tests.factories.disclosure import make_organization
from tests.site_registry.factories import open_full_site, open_subsite
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db


def path_of(page) -> str:
    return page.get_url_parts()[2]


def test_guide_lists_its_sites_offices_with_the_online_link(client):
    office = make_office(postcode="100000", fax="010-87654321", email="a@example.cn")
    offline = make_office(site_profile=office.site, accepts_online=False)
    elsewhere = make_office()
    guide = add_guide(office.site.root_page)
    host = office.site.primary_domain.hostname
    response = client.get(path_of(guide), HTTP_HOST=host)
    assert response.status_code == 200
    body = response.content.decode()
    for value in (
        office.organization.name,
        office.name,
        office.address,
        "100000",
        office.phone,
        "010-87654321",
        "a@example.cn",
        office.hours,
    ):
        assert value in body
    assert f'href="/applications/{office.pk}/apply/"' in body
    assert offline.organization.name in body
    assert f"/applications/{offline.pk}/apply/" not in body
    assert elsewhere.organization.name not in body


def test_township_office_sits_on_its_subsite_and_applies_on_the_portal_host(client):
    county = open_full_site(
        "示范县人民政府门户网站", "xian.localhost", level="county_portal"
    )
    township = open_subsite(county)
    office = make_office(site_profile=township)
    county_office = make_office(site_profile=county)
    guide = add_guide(township.root_page)
    response = client.get(path_of(guide), HTTP_HOST="xian.localhost")
    assert response.status_code == 200, path_of(guide)
    body = response.content.decode()
    assert office.organization.name in body
    assert county_office.organization.name not in body
    # The form is served on the portal's host (the sub-site has none).
    form = client.get(f"/applications/{office.pk}/apply/", HTTP_HOST="xian.localhost")
    assert form.status_code == 200
    assert office.organization.name in form.content.decode()
    # A closed township takes no applications.
    SiteProfile.objects.filter(pk=township.pk).update(status="closed")
    closed = client.get(f"/applications/{office.pk}/apply/", HTTP_HOST="xian.localhost")
    assert closed.status_code == 404


def office_user(*, office_group: bool):
    user = make_user()
    if office_group:
        user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    return user


def test_office_group_creates_an_office_and_bad_values_are_refused(client):
    profile = make_office().site
    organization = make_organization("示范市统计局")
    login_verified(client, office_user(office_group=True))
    url = reverse("applications_offices:add")
    page = client.get(url)
    assert page.status_code == 200
    sent = form_data(page.content.decode())
    sent.update(
        organization=str(organization.pk),
        site=str(profile.pk),
        name="示范市统计局办公室",
        address="示范市人民路3号",
        postcode="1000",
        phone="abc",
        email="not-mail",
    )
    body = client.post(url, sent).content.decode()
    assert "邮政编码应为6位数字。" in body
    assert "联系电话格式不正确" in body
    assert not DisclosureOffice.objects.filter(organization=organization).exists()
    sent.update(postcode="100000", phone="010-66666666", email="tjj@example.cn")
    saved = client.post(url, sent)
    assert saved.status_code == 302
    office = DisclosureOffice.objects.get(organization=organization)
    assert (office.postcode, office.phone, office.site) == (
        "100000",
        "010-66666666",
        profile,
    )


def test_re_saving_an_office_unchanged_keeps_it_and_its_staffs_access(client):
    office = make_office(postcode="100000", email="bgs@example.cn")
    clerk = make_user(office=office)
    head = make_user(office=office, head=True)
    before = DisclosureOffice.objects.values().get(pk=office.pk)
    login_verified(client, office_user(office_group=True))
    url = reverse("applications_offices:edit", args=[office.pk])
    sent = form_data(client.get(url).content.decode())
    assert client.post(url, sent).status_code == 302
    assert DisclosureOffice.objects.values().get(pk=office.pk) == before
    office.refresh_from_db()
    assert list(office.staff.all()) == [clerk]
    assert list(office.heads.all()) == [head]
    for user in (clerk, head):
        assert user.groups.filter(name=STAFF_GROUP).exists()


def test_office_staff_outside_the_office_group_cannot_edit_offices(client):
    office = make_office()
    clerk = make_user(office=office)
    login_verified(client, clerk)
    assert client.get(reverse("applications_offices:add")).status_code in (302, 403)
    edit = reverse("applications_offices:edit", args=[office.pk])
    assert client.get(edit).status_code in (302, 403)
