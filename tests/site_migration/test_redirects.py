"""Old URLs of migrated records answer 301 to their new page, on the real path:
host routing (alias → primary) and Wagtail's redirects middleware."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from site_migration.choices import RecordKind
from site_migration.models import MigratedUrl
from site_migration.redirects import OldUrlError, redirect_old_url
from site_registry import domains
from tests.site_registry.factories import open_city, open_county, open_subsite

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return open_city()


def _page(profile, index=0):
    return profile.root_page.get_children().live().specific()[index]


def _redirect(profile, old_url, page, source_id="1", kind=RecordKind.NEWS):
    return redirect_old_url(
        run=None,
        site_root=profile.root_page,
        kind=kind,
        source_id=source_id,
        old_url=old_url,
        page=page,
    )


def test_old_path_on_the_primary_host_answers_301_to_the_new_page(client, city):
    _city, fgw, _jyj = city
    page = _page(fgw)
    migrated = _redirect(
        fgw, "http://old.fgw.example.cn/art/2019/3/1/art_12_34.html", page
    )
    assert migrated.old_url == "/art/2019/3/1/art_12_34.html"
    assert migrated.redirect.site == fgw.root_page.get_site()
    response = client.get(
        "/art/2019/3/1/art_12_34.html", HTTP_HOST="fgw.city.localhost"
    )
    assert response.status_code == 301
    assert response["Location"] == page.url
    assert (
        client.get(response["Location"], HTTP_HOST="fgw.city.localhost").status_code
        == 200
    )
    # Another site's host does not answer this site's old path.
    response = client.get(
        "/art/2019/3/1/art_12_34.html", HTTP_HOST="jyj.city.localhost"
    )
    assert response.status_code == 404


def test_old_host_registered_as_alias_redirects_twice_to_the_page(client, city):
    _city, fgw, _jyj = city
    domains.set_domains(
        profile=fgw, primary="fgw.city.localhost", aliases=["old.fgw.localhost"]
    )
    page = _page(fgw)
    _redirect(
        fgw, "http://old.fgw.localhost/col/col12/index.html?uid=3&pageNum=2", page
    )
    response = client.get(
        "/col/col12/index.html?uid=3&pageNum=2", HTTP_HOST="old.fgw.localhost"
    )
    assert response.status_code == 301
    assert (
        response["Location"]
        == "http://fgw.city.localhost/col/col12/index.html?uid=3&pageNum=2"
    )
    # The query is matched in any order, as Wagtail normalises it.
    response = client.get(
        "/col/col12/index.html?pageNum=2&uid=3", HTTP_HOST="fgw.city.localhost"
    )
    assert response.status_code == 301
    assert response["Location"] == page.url


def test_subsite_old_path_is_answered_on_the_portal_host(client, city):
    portal = city[0]
    county = open_county(portal)
    township = open_subsite(county)
    page = _page(township)
    migrated = _redirect(township, "/qtz/old/news_1.htm", page)
    assert migrated.site_id == township.root_page_id
    assert migrated.redirect.site == county.root_page.get_site()
    response = client.get("/qtz/old/news_1.htm", HTTP_HOST="dc.city.localhost")
    assert response.status_code == 301
    assert response["Location"] == page.url
    assert response["Location"].startswith("http://dc.city.localhost/qtz/")


def test_rerun_is_idempotent_and_follows_the_new_page(client, city):
    _city, fgw, _jyj = city
    first, second = _page(fgw, 0), _page(fgw, 1)
    _redirect(fgw, "/a.html", first)
    migrated = _redirect(fgw, "http://x.example.cn/a.html/", second)
    assert MigratedUrl.objects.count() == 1
    assert Redirect.objects.filter(old_path="/a.html").count() == 1
    assert migrated.page_id == second.pk
    response = client.get("/a.html", HTTP_HOST="fgw.city.localhost")
    assert response["Location"] == second.url


def test_unpublished_or_deleted_page_no_longer_resolves(client, city):
    _city, fgw, _jyj = city
    page = _page(fgw)
    _redirect(fgw, "/gone.html", page)
    page.unpublish()
    response = client.get("/gone.html", HTTP_HOST="fgw.city.localhost", follow=True)
    assert response.status_code == 404
    page.delete()
    migrated = MigratedUrl.objects.get(old_url="/gone.html")
    assert migrated.page is None and migrated.redirect is None
    assert client.get("/gone.html", HTTP_HOST="fgw.city.localhost").status_code == 404


def test_a_path_redirected_to_another_subsite_is_refused(city):
    portal = city[0]
    county = open_county(portal)
    township = open_subsite(county)
    _redirect(township, "/shared.html", _page(township))
    with pytest.raises(OldUrlError, match="已被"):
        _redirect(county, "/shared.html", _page(county))
    # Nor the other way round; and a hand-made redirect elsewhere stays.
    _redirect(county, "/portal.html", _page(county))
    with pytest.raises(OldUrlError, match="已被"):
        _redirect(township, "/portal.html", _page(township))
    Redirect.add_redirect("/hand.html", _page(portal), site=county.root_page.get_site())
    with pytest.raises(OldUrlError, match="已被"):
        _redirect(county, "/hand.html", _page(county))
    assert MigratedUrl.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("javascript:alert(1)", "http://"),
        ("ftp://old.example.cn/a", "http://"),
        ("//evil.example.com/a", "http://"),
        ("relative/path.html", "http://"),
        ("/a\x00b", "控制字符"),
        ("/a%0Ab", "控制字符"),
        ("/" + "a" * 300, "超过"),
        ("http://old.example.cn/", "首页"),
        ("", "为空"),
    ],
)
def test_hostile_old_urls_are_refused_in_chinese(city, value, message):
    _city, fgw, _jyj = city
    with pytest.raises(OldUrlError, match=message):
        _redirect(fgw, value, _page(fgw))
    assert not Redirect.objects.exists()
    assert not MigratedUrl.objects.exists()


def test_an_old_url_without_a_page_is_refused(city):
    _city, fgw, _jyj = city
    with pytest.raises(OldUrlError, match="没有对应的新页面"):
        _redirect(fgw, "/nopage.html", None)
    assert not Redirect.objects.exists()


def test_a_batch_writes_good_rows_reports_bad_ones_and_a_rerun_moves_them(city):
    from site_migration.redirects import redirect_old_urls

    _city, fgw, _jyj = city
    first, second = _page(fgw, 0), _page(fgw, 1)
    rows = [
        ("a", first, "/old/a.html"),
        ("b", second, "javascript:alert(1)"),
        ("c", None, "/old/c.html"),
        ("d", second, "http://old.fgw.example.cn/old/d.html?id=7"),
    ]
    problems = redirect_old_urls(
        run=None, site_root=fgw.root_page, kind=RecordKind.NEWS, rows=rows, chunk=1
    )
    assert [source_id for source_id, _reason in problems] == ["b", "c"]
    assert "http://" in problems[0][1] and "没有对应的新页面" in problems[1][1]
    assert set(MigratedUrl.objects.values_list("old_url", "page_id")) == {
        ("/old/a.html", first.pk),
        ("/old/d.html?id=7", second.pk),
    }
    # Running again with the pages swapped moves the same redirects.
    problems = redirect_old_urls(
        run=None,
        site_root=fgw.root_page,
        kind=RecordKind.NEWS,
        rows=[("a", second, "/old/a.html"), ("d", first, "/old/d.html?id=7")],
    )
    assert problems == []
    assert Redirect.objects.count() == 2 and MigratedUrl.objects.count() == 2
    assert Redirect.objects.get(old_path="/old/a.html").redirect_page_id == second.pk
    assert MigratedUrl.objects.get(old_url="/old/d.html?id=7").page_id == first.pk
