"""Saving a site's registry edit form keeps exactly one primary domain (13.1).

Every request posts the form as the browser does: all fields read back from the
rendered page, inline management fields included.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from site_registry.models import SiteDomain, SiteProfile
from tests.browser_form import add_inline_form, form_data
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
NS = "wagtailsnippets_site_registry_siteprofile"


@pytest.fixture
def office_client(client, django_user_model):
    client.sites = open_city()
    admin = django_user_model.objects.create_superuser(
        "boss", "boss@example.invalid", "pw-12345-abc"
    )
    login_verified(client, admin)
    return client


def _open_through_admin(client, *, name, hostname, parent):
    url = reverse(f"{NS}:add")
    data = form_data(client.get(url, **HOST).content.decode(), action=url)
    data.update(
        name=name,
        level="department",
        parent=parent.pk,
        hostname=hostname,
        organizer=name.removesuffix("网站"),
    )
    response = client.post(url, data, **HOST)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SiteProfile.objects.get(name=name)


def _edit(client, profile, change=None):
    url = reverse(f"{NS}:edit", args=[profile.pk])
    html = client.get(url, **HOST).content.decode()
    data = form_data(html, action=url)
    if change:
        data = change(html, data)
    return client.post(url, data, **HOST)


def _assert_serves(client, profile, hostname):
    assert client.get("/", HTTP_HOST=hostname).status_code == 200
    profile.refresh_from_db()
    assert profile.primary_domain.hostname == hostname
    listing = client.get(reverse(f"{NS}:list"), **HOST).content.decode()
    assert f">{hostname}<" in listing.replace("\n", "").replace(" ", "")
    detail = client.get(reverse(f"{NS}:inspect", args=[profile.pk]), **HOST)
    assert f"{hostname}（主域名）" in detail.content.decode()


@pytest.mark.parametrize("twice", [False, True])
def test_saving_unchanged_keeps_the_primary_domain(office_client, twice):
    city = office_client.sites[0]
    czj = _open_through_admin(
        office_client,
        name="示范市财政局网站",
        hostname="czj.city.localhost",
        parent=city,
    )
    for profile, hostname in (
        (czj, "czj.city.localhost"),
        (city, "www.city.localhost"),
    ):
        for _round in range(2 if twice else 1):
            response = _edit(office_client, profile)
            assert response.status_code == 302, response.content.decode()[:2000]
        _assert_serves(office_client, profile, hostname)


def test_adding_an_alias_keeps_the_primary_domain(office_client):
    city = office_client.sites[0]
    czj = _open_through_admin(
        office_client,
        name="示范市财政局网站",
        hostname="czj.city.localhost",
        parent=city,
    )
    response = _edit(
        office_client,
        czj,
        lambda html, data: add_inline_form(
            html, data, "domains", hostname="caizheng.city.localhost"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    _assert_serves(office_client, czj, "czj.city.localhost")
    alias = office_client.get("/x/", HTTP_HOST="caizheng.city.localhost")
    assert alias.status_code == 301
    assert alias["Location"] == "http://czj.city.localhost/x/"

    # Moving the flag to the alias in the browser: untick one, tick the other.
    def move(html, data):
        data.pop("domains-0-is_primary")
        data["domains-1-is_primary"] = "on"
        return data

    names = list(
        czj.domains.order_by("-is_primary", "hostname").values_list(
            "hostname", flat=True
        )
    )
    assert names == ["czj.city.localhost", "caizheng.city.localhost"]
    assert _edit(office_client, czj, move).status_code == 302
    _assert_serves(office_client, czj, "caizheng.city.localhost")


def test_a_site_without_a_primary_domain_is_refused(office_client):
    jyj = office_client.sites[2]

    def untick(html, data):
        data.pop("domains-0-is_primary")
        return data

    html = _edit(office_client, jyj, untick).content.decode()
    assert "独立网站必须有且只有一个主域名" in html
    _assert_serves(office_client, jyj, "jyj.city.localhost")


@pytest.mark.postgres
def test_the_database_refuses_a_site_without_a_primary_domain(postgres):
    city, fgw, jyj = open_city()
    # A valid move of the flag inside one transaction passes the deferred check.
    with transaction.atomic():
        SiteDomain.objects.create(profile=fgw, hostname="fagai.city.localhost")
        fgw.domains.update(is_primary=False)
        fgw.domains.filter(hostname="fagai.city.localhost").update(is_primary=True)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # No primary at all, or a sub-site with one, is refused by the database.
    for breakage in (
        lambda: jyj.domains.update(is_primary=False),
        lambda: jyj.domains.all().delete(),
    ):
        with pytest.raises(IntegrityError, match="primary"), transaction.atomic():
            breakage()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Two primaries: the partial unique constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteDomain.objects.create(
            profile=jyj, hostname="x.city.localhost", is_primary=True
        )
    assert jyj.domains.get().is_primary
