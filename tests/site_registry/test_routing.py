"""Host routing through real HTTP requests (Django's test client and a live server)."""

import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_registry import domains, hierarchy, lifecycle, routing
from site_registry.models import SiteDomain, SiteProfile
from tests.site_registry.factories import open_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return open_city()


def test_primary_domain_serves_its_own_site(client, city):
    _city, fgw, jyj = city
    html = client.get("/", HTTP_HOST="fgw.city.localhost").content.decode()
    assert '<h1 class="visually-hidden">示范市发展和改革委员会</h1>' in html
    html = client.get("/", HTTP_HOST="jyj.city.localhost:8000").content.decode()
    assert '<h1 class="visually-hidden">示范市教育局</h1>' in html


def test_alias_redirects_to_the_same_path_on_the_primary(client, city):
    _city, fgw, _jyj = city
    domains.set_domains(
        profile=fgw, primary="fgw.city.localhost", aliases=["ndrc.city.localhost"]
    )
    response = client.get("/xxgk/?page=2", HTTP_HOST="ndrc.city.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://fgw.city.localhost/xxgk/?page=2"
    # A non-standard port (development) is kept.
    response = client.get("/xxgk/", HTTP_HOST="ndrc.city.localhost:8000")
    assert response["Location"] == "http://fgw.city.localhost:8000/xxgk/"


def test_unknown_host_gets_400_never_another_sites_content(client, city):
    for host in ("unknown.localhost", "10.0.0.1", "www.city.localhost.evil.com"):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 400
        html = response.content.decode()
        assert "没有在本平台登记" in html
        assert "示范市" not in html


def test_healthz_answers_any_host(client, city):
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200


def test_closed_site_answers_410_naming_the_successor(client, city):
    _city, fgw, jyj = city
    lifecycle.close_site(profile=jyj, successor=fgw)
    response = client.get("/xxgk/", HTTP_HOST="jyj.city.localhost")
    assert response.status_code == 410
    html = response.content.decode()
    assert "“示范市教育局网站”已关闭" in html
    assert 'href="http://fgw.city.localhost/"' in html
    assert "示范市发展和改革委员会网站" in html


def test_merged_site_redirects_to_the_successor(client, city):
    _city, fgw, jyj = city
    lifecycle.merge_site(profile=jyj, into=fgw)
    response = client.get("/xxgk/", HTTP_HOST="jyj.city.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://fgw.city.localhost/"


def test_demoted_site_keeps_its_paths_under_the_portal(client, city):
    portal, fgw, _jyj = city
    lifecycle.merge_site(profile=fgw, into=portal, as_subsite=True)
    response = client.get("/xxgk/?a=1", HTTP_HOST="fgw.city.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://www.city.localhost/fgw/xxgk/?a=1"
    page = client.get("/fgw/xxgk/", HTTP_HOST="www.city.localhost")
    assert page.status_code == 200


def test_domain_change_takes_effect_at_once(client, city):
    _city, fgw, _jyj = city
    assert client.get("/", HTTP_HOST="fgw.city.localhost").status_code == 200
    domains.set_domains(profile=fgw, primary="fazhan.city.localhost")
    assert client.get("/", HTTP_HOST="fazhan.city.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="fgw.city.localhost").status_code == 400


def test_idn_host(client, city, settings):
    settings.SITE_REGISTRY_ALLOW_LOCALHOST = True
    _city, fgw, _jyj = city
    domains.set_domains(
        profile=fgw, primary="fgw.city.localhost", aliases=["发改委.localhost"]
    )
    assert SiteDomain.objects.filter(hostname="xn--ooru3l93k.localhost").exists()
    response = client.get("/", HTTP_HOST="xn--ooru3l93k.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://fgw.city.localhost/"


def test_routing_needs_no_query_once_cached(city):
    routing.route_for_host("fgw.city.localhost")
    with CaptureQueriesContext(connection) as queries:
        route = routing.route_for_host("fgw.city.localhost")
    assert route.action == routing.SERVE
    assert len(queries) == 0


def test_registry_save_invalidates_the_cached_map(city):
    _city, fgw, _jyj = city
    assert routing.route_for_host("new.city.localhost") is None
    SiteDomain.objects.create(profile=fgw, hostname="new.city.localhost")
    assert routing.route_for_host("new.city.localhost").action == routing.REDIRECT


@pytest.mark.django_db(transaction=True)
def test_live_server_routes_by_host(live_server, demo_cluster):
    port = live_server.url.rsplit(":", 1)[1]

    def fetch(host, path="/"):
        request = urllib.request.Request(  # noqa: S310 - the live server's http URL
            f"{live_server.url}{path}", headers={"Host": f"{host}:{port}"}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    status, html, _headers = fetch("fgw.localhost")
    assert (
        status == 200
        and '<h1 class="visually-hidden">示范市发展和改革委员会</h1>' in html
    )
    assert '<meta name="SiteIDCode" content="3701000002">' in html
    status, html, _headers = fetch("dc.localhost", "/qtz/")
    assert status == 200 and '<h1 class="visually-hidden">青台镇人民政府</h1>' in html
    status, html, _headers = fetch("lsj.localhost", "/xxgk/")
    assert status == 410 and "示范市发展和改革委员会网站" in html
    status, _html, _headers = fetch("nobody.localhost")
    assert status == 400
    fgw = SiteProfile.objects.get(name="示范市发展和改革委员会网站")
    domains.set_domains(
        profile=fgw, primary="fgw.localhost", aliases=["ndrc.localhost"]
    )
    status, _html, headers = fetch("ndrc.localhost", "/xxgk/")
    assert status == 301
    assert headers["Location"] == f"http://fgw.localhost:{port}/xxgk/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_test_host_is_only_for_test_settings(client, city, settings):
    assert client.get("/healthz").status_code == 200
    settings.SITE_REGISTRY_TEST_HOST = ""
    routing.clear_host_map()
    assert client.get("/admin/login/").status_code == 400


def test_subsite_routing_and_promotion_over_http(client, city):
    from tests.site_registry.factories import open_county, open_subsite

    portal = city[0]
    county = open_county(portal)
    qtz = open_subsite(county)
    assert client.get("/qtz/xxgk/", HTTP_HOST="dc.city.localhost").status_code == 200
    # A sub-site has no domain of its own.
    assert client.get("/", HTTP_HOST="qtz.city.localhost").status_code == 400
    hierarchy.promote_subsite(profile=qtz, hostname="qtz.city.localhost")
    page = client.get("/xxgk/", HTTP_HOST="qtz.city.localhost")
    assert page.status_code == 200
    assert "示范市东城区青台镇人民政府网站" in page.content.decode()
    old = client.get("/qtz/xxgk/", HTTP_HOST="dc.city.localhost")
    assert old.status_code == 301
    assert old["Location"] == "http://qtz.city.localhost/xxgk/"
    # Demoting it again: its domain then redirects into the portal.
    qtz.refresh_from_db()
    lifecycle.merge_site(profile=qtz, into=county, as_subsite=True)
    moved = client.get("/xxgk/", HTTP_HOST="qtz.city.localhost")
    assert moved.status_code == 301
    assert moved["Location"] == "http://dc.city.localhost/qtz/xxgk/"
    assert client.get("/qtz/xxgk/", HTTP_HOST="dc.city.localhost").status_code == 200
