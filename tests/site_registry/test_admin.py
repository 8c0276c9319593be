"""The office's registry views: list, filters, detail, export, open/close forms."""

import io

import openpyxl
import pytest
from django.urls import reverse

from site_registry.models import SiteProfile
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
NS = "wagtailsnippets_site_registry_siteprofile"


@pytest.fixture
def office_client(client, django_user_model):
    sites = open_city()
    admin = django_user_model.objects.create_superuser(
        "boss", "boss@example.invalid", "pw-12345-abc"
    )
    login_verified(client, admin)
    client.sites = sites
    return client


def _listed(client, **filters):
    html = client.get(reverse(f"{NS}:list"), filters, **HOST).content.decode()
    return {
        profile.name
        for profile in SiteProfile.objects.all()
        if reverse(f"{NS}:edit", args=[profile.pk]) in html
    }


def test_list_with_filters(office_client):
    city, fgw, jyj = office_client.sites
    assert _listed(office_client) == {city.name, fgw.name, jyj.name}
    assert _listed(office_client, level="city_portal") == {city.name}
    assert _listed(office_client, parent=city.pk) == {fgw.name, jyj.name}
    assert _listed(office_client, status="closed") == set()
    assert _listed(office_client, kind="site", level="department") == {
        fgw.name,
        jyj.name,
    }


def test_detail_shows_domains_and_groups(office_client):
    jyj = office_client.sites[2]
    html = office_client.get(
        reverse(f"{NS}:inspect", args=[jyj.pk]), **HOST
    ).content.decode()
    assert "jyj.city.localhost（主域名）" in html
    assert "示范市教育局网站·编辑" in html
    assert "示范市教育局网站·审核" in html
    assert jyj.code in html
    assert reverse(f"{NS}:close", args=[jyj.pk]) in html


def test_export_csv_and_excel(office_client):
    url = reverse(f"{NS}:list")
    csv = office_client.get(url, {"export": "csv"}, **HOST)
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "规范名称" in text.splitlines()[0]
    assert "示范市教育局网站" in text and "jyj.city.localhost" in text
    xlsx = office_client.get(url, {"export": "xlsx"}, **HOST)
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "规范名称"
    assert {row[0] for row in rows[1:]} == set(
        SiteProfile.objects.values_list("name", flat=True)
    )


def test_open_site_form(office_client):
    city = office_client.sites[0]
    data = {
        "kind": "site",
        "name": "示范市财政局网站",
        "level": "department",
        "parent": city.pk,
        "hostname": "czj.city.localhost",
        "aliases": "caizheng.city.localhost",
        "code": "3701000099",
        "organizer": "示范市财政局",
        "phone": "0531-12345678",
        "email": "czj@example.gov.cn",
        "icp_number": "鲁ICP备12345678号-9",
        "police_number": "鲁公网安备37010202000099号",
    }
    response = office_client.post(reverse(f"{NS}:add"), data, **HOST)
    assert response.status_code == 302
    profile = SiteProfile.objects.get(name="示范市财政局网站")
    assert profile.site.hostname == "czj.city.localhost"
    assert office_client.get("/", HTTP_HOST="czj.city.localhost").status_code == 200
    assert (
        office_client.get("/", HTTP_HOST="caizheng.city.localhost").status_code == 301
    )


def test_open_site_form_bad_input(office_client):
    city = office_client.sites[0]
    data = {
        "kind": "site",
        "name": "示范市财政局网站",
        "level": "department",
        "parent": city.pk,
        "hostname": "jyj.city.localhost",
        "organizer": "示范市财政局",
    }
    html = office_client.post(reverse(f"{NS}:add"), data, **HOST).content.decode()
    assert "已登记给“示范市教育局网站”" in html
    data = {**data, "hostname": "czj.city.localhost", "code": "123"}
    html = office_client.post(reverse(f"{NS}:add"), data, **HOST).content.decode()
    assert "网站标识码格式不正确" in html
    assert not SiteProfile.objects.filter(name="示范市财政局网站").exists()


def test_close_with_children_shows_a_chinese_message(office_client):
    city = office_client.sites[0]
    html = office_client.post(
        reverse(f"{NS}:close", args=[city.pk]), {}, **HOST
    ).content.decode()
    assert "还有下级网站" in html
    city.refresh_from_db()
    assert city.is_open


def test_edit_domains_in_the_registry(office_client):
    jyj = office_client.sites[2]
    url = reverse(f"{NS}:edit", args=[jyj.pk])
    assert office_client.get(url, **HOST).status_code == 200
    domain = jyj.domains.get()
    data = {
        "name": jyj.name,
        "level": jyj.level,
        "parent": jyj.parent_id,
        "code": jyj.code,
        "organizer": jyj.organizer,
        "operator": "",
        "phone": jyj.phone,
        "email": jyj.email,
        "address": jyj.address,
        "icp_number": jyj.icp_number,
        "police_number": jyj.police_number,
        "domains-TOTAL_FORMS": "2",
        "domains-INITIAL_FORMS": "1",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-id": domain.pk,
        "domains-0-hostname": "jyj.city.localhost",
        "domains-0-is_primary": "",
        "domains-0-ORDER": "1",
        "domains-1-id": "",
        "domains-1-hostname": "JiaoYu.city.localhost",
        "domains-1-is_primary": "on",
        "domains-1-ORDER": "2",
    }
    response = office_client.post(url, data, **HOST)
    assert response.status_code == 302, response.content.decode()[:3000]
    jyj.refresh_from_db()
    assert jyj.site.hostname == "jiaoyu.city.localhost"
    assert office_client.get("/", HTTP_HOST="jiaoyu.city.localhost").status_code == 200
    assert office_client.get("/x/", HTTP_HOST="jyj.city.localhost")["Location"] == (
        "http://jiaoyu.city.localhost/x/"
    )
    # Two primaries, or a domain of another site, are refused.
    new_domain = jyj.domains.get(hostname="jiaoyu.city.localhost")
    data["domains-INITIAL_FORMS"] = "2"
    data["domains-1-id"] = new_domain.pk
    data["domains-0-is_primary"] = "on"
    html = office_client.post(url, data, **HOST).content.decode()
    assert "有且只有一个主域名" in html
    data["domains-0-is_primary"] = ""
    data["domains-1-hostname"] = "fgw.city.localhost"
    html = office_client.post(url, data, **HOST).content.decode()
    assert "同一域名不能分配给两个网站" in html
