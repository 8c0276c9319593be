"""删除 in the registry: only for a site that never went live (13.9).

A site that has been open keeps its history (close or merge it instead); a site
opened by mistake, before anything was published on it, can be deleted after a
confirmation page, with everything opening it created.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, Page, Site

from site_registry import lifecycle, roles
from site_registry.models import SiteDomain, SiteProfile
from tests.browser_form import form_data
from tests.site_registry.factories import open_city, open_full_site
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
NS = "wagtailsnippets_site_registry_siteprofile"


@pytest.fixture
def office_client(client, django_user_model):
    """An office member (not a superuser), as the registry makes one."""
    client.sites = open_city()
    member = django_user_model.objects.create_user("wang", password="x")
    member.groups.add(Group.objects.get(name=roles.OFFICE_GROUP))
    login_verified(client, member)
    return client


def _publish_news(profile):
    child = profile.root_page.add_child(instance=Page(title="新闻", slug="news-x"))
    child.save_revision().publish()


def _delete_url(profile):
    return reverse(f"{NS}:delete", args=[profile.pk])


def _buttons(client, profile):
    detail = client.get(reverse(f"{NS}:inspect", args=[profile.pk]), **HOST)
    listing = client.get(reverse(f"{NS}:list"), **HOST)
    edit = client.get(reverse(f"{NS}:edit", args=[profile.pk]), **HOST)
    url = _delete_url(profile)
    return (
        url in detail.content.decode(),
        url in listing.content.decode(),
        url in edit.content.decode(),
    )


def test_a_site_that_was_live_cannot_be_deleted(office_client):
    city, fgw, jyj = office_client.sites
    _publish_news(fgw)
    lifecycle.close_site(profile=jyj)
    for profile in (city, fgw, jyj):  # parent of sites, published, closed
        assert _buttons(office_client, profile) == (False, False, False)
        url = _delete_url(profile)
        for response in (
            office_client.get(url, **HOST),
            office_client.post(url, {}, **HOST),
        ):
            assert response.status_code == 403
            assert "已经上线运行过，不能删除" in response.content.decode()
        assert SiteProfile.objects.filter(pk=profile.pk).exists()
    # The detail still offers 关闭 and 整合 for the running one.
    html = office_client.get(reverse(f"{NS}:inspect", args=[fgw.pk]), **HOST)
    assert reverse(f"{NS}:close", args=[fgw.pk]) in html.content.decode()


def test_a_never_live_site_is_deleted_after_confirmation(office_client):
    city = office_client.sites[0]
    czj = open_full_site("示范市财政局网站", "czj.city.localhost", parent=city)
    site_pk, home_pk = czj.site_id, czj.root_page_id
    groups = [czj.editors_group_id, czj.reviewers_group_id]
    collection_pk = czj.collection_id
    assert _buttons(office_client, czj) == (True, True, True)
    assert office_client.get("/", HTTP_HOST="czj.city.localhost").status_code == 200

    url = _delete_url(czj)
    confirm = office_client.get(url, **HOST)
    assert confirm.status_code == 200
    assert SiteProfile.objects.filter(pk=czj.pk).exists()  # asked, not deleted
    data = form_data(confirm.content.decode(), action=url)
    response = office_client.post(url, data, **HOST)
    assert response.status_code == 302
    assert not SiteProfile.objects.filter(pk=czj.pk).exists()
    assert not SiteDomain.objects.filter(hostname="czj.city.localhost").exists()
    assert not Site.objects.filter(pk=site_pk).exists()
    assert not Page.objects.filter(pk=home_pk).exists()
    assert not Group.objects.filter(pk__in=groups).exists()
    assert not Collection.objects.filter(pk=collection_pk).exists()
    assert office_client.get("/", HTTP_HOST="czj.city.localhost").status_code == 400


def test_bulk_delete_of_sites_is_refused(office_client):
    city = office_client.sites[0]
    czj = open_full_site("示范市财政局网站", "czj.city.localhost", parent=city)
    url = reverse(
        "wagtail_bulk_action", args=["site_registry", "siteprofile", "delete"]
    )
    response = office_client.post(f"{url}?id={czj.pk}", {}, **HOST)
    assert response.status_code == 403
    assert "逐个删除" in response.content.decode()
    assert SiteProfile.objects.filter(pk=czj.pk).exists()
