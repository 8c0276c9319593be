"""Search analytics that lead somewhere (#20.8): result links go through the
click endpoint (recorded, then redirected to the entry's own address, never
elsewhere), and the zero-result and low-click reports, per site for editors
and whole for the office, lead to the prefilled synonym and promotion forms."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import PageViewRestriction

from search.models import SearchClick, SearchEntry, SearchQueryLog, SynonymGroup
from site_registry.models import SiteProfile
from tests.admin_forms import browser_form_data
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

WWW = {"HTTP_HOST": "www.localhost"}
DC = {"HTTP_HOST": "dc.localhost"}


def _result_links(html: str) -> list[str]:
    return [
        unescape(link)
        for link in re.findall(r'<h2><a href="([^"]+)"', html)
        if link.startswith("/search/click/")
    ]


# --- The click endpoint ----------------------------------------------------------


def test_a_result_link_records_the_click_and_redirects_to_the_entry(
    search_cluster, client
):
    html = client.get("/search/", {"q": "医保"}, **WWW).content.decode()
    links = _result_links(html)
    assert links, "result links go through the click endpoint"
    response = client.get(links[0], **WWW)
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"
    click = SearchClick.objects.get()
    assert (click.query, click.position) == ("医保", 1)
    assert click.profile == SiteProfile.objects.get(site__hostname="www.localhost")
    page = click.entry.page
    assert response["Location"] == page.get_url(request=response.wsgi_request)
    # Nothing personal: the row has no address, user or session field.
    fields = {field.name for field in SearchClick._meta.get_fields()}
    assert fields == {"id", "query", "entry", "position", "profile", "created_at"}


def test_the_second_result_is_recorded_at_position_two(search_cluster, client):
    html = client.get("/search/", {"q": "义务教育"}, **WWW).content.decode()
    second = _result_links(html)[1]
    assert client.get(second, **WWW).status_code == 302
    assert SearchClick.objects.get().position == 2


def test_no_open_redirect(search_cluster, client):
    entry = SearchEntry.objects.get(page=search_cluster.docs["yibao"])
    own = entry.page.get_url()
    # A target in the request is ignored: only the entry's own address.
    response = client.get(
        "/search/click/",
        {"q": "医保", "entry": entry.pk, "pos": 1, "url": "https://evil.example/"},
        **WWW,
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].endswith(own.split("localhost", 1)[-1])
    for bad in ("999999", "abc", "", "https://evil.example/"):
        response = client.get("/search/click/", {"q": "医保", "entry": bad}, **WWW)
        assert response.status_code == 404
    assert SearchClick.objects.count() == 1


def test_private_entries_are_not_followed_or_recorded(search_cluster, client):
    page = search_cluster.docs["apart"]
    entry = SearchEntry.objects.get(page=page)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    entry.private = True
    entry.save(update_fields=["private"])
    response = client.get(
        "/search/click/", {"q": "社会保障", "entry": entry.pk, "pos": 1}, **WWW
    )
    assert response.status_code == 404
    assert not SearchClick.objects.exists()


def test_bad_positions_and_blank_queries_redirect_without_recording(
    search_cluster, client
):
    entry = SearchEntry.objects.get(page=search_cluster.docs["yibao"])
    for params in (
        {"q": "医保", "entry": entry.pk, "pos": "0"},
        {"q": "医保", "entry": entry.pk, "pos": "99999"},
        {"q": "医保", "entry": entry.pk, "pos": "x"},
        {"q": "  ", "entry": entry.pk, "pos": "1"},
    ):
        assert client.get("/search/click/", params, **WWW).status_code == 302
    assert not SearchClick.objects.exists()
    assert client.post("/search/click/", {"entry": entry.pk}, **WWW).status_code == 405


# --- Reports ---------------------------------------------------------------------


def _log(query, profile, *, times, results=3, clicks=0):
    entry = SearchEntry.objects.filter(profile=profile).first()
    for _ in range(times):
        SearchQueryLog.objects.create(
            query=query, profile=profile, result_count=results, duration_ms=5
        )
    for position in range(1, clicks + 1):
        SearchClick.objects.create(
            query=query, entry=entry, position=position, profile=profile
        )


@pytest.fixture
def logged(search_cluster):
    www = SiteProfile.objects.get(site__hostname="www.localhost")
    dc = SiteProfile.objects.get(site__hostname="dc.localhost")
    _log("门票预约", www, times=6, clicks=0)  # low click-through
    _log("公积金", www, times=6, clicks=3)  # opened often: not low
    _log("护照", www, times=2, clicks=0)  # too few searches to judge
    _log("东城停车", dc, times=5, clicks=0)  # low, on the district site
    _log("火星基地", www, times=2, results=0)  # zero results
    _log("东城火箭", dc, times=1, results=0)
    return www, dc


@pytest.fixture
def office_client(client, django_user_model):
    """A member of the office group (not a superuser), past two-factor."""
    from site_registry.roles import ensure_cluster_roles

    office, _auditor = ensure_cluster_roles()
    user = django_user_model.objects.create_user("office", password="x")
    user.groups.add(office)
    login_verified(client, user)
    return client


def _editor_of(profile, django_user_model, name):
    user = django_user_model.objects.create_user(name, password="x")
    user.groups.add(profile.editors_group)
    return user


def test_low_click_report_for_the_office(logged, office_client, settings):
    settings.SEARCH_LOW_CLICK_MIN_SEARCHES = 5
    settings.SEARCH_LOW_CLICK_MAX_RATE = 0.2
    html = office_client.get(reverse("search_reports:low_clicks"), **WWW)
    assert html.status_code == 200
    text = html.content.decode()
    assert "门票预约" in text and "东城停车" in text
    assert "公积金" not in text and "护照" not in text
    assert "添加为同义词" in text and "添加为推荐结果" in text


def test_editors_see_their_own_sites_queries_only(logged, client, django_user_model):
    _www, dc = logged
    editor = _editor_of(dc, django_user_model, "dc-editor")
    login_verified(client, editor)
    low = client.get(reverse("search_reports:low_clicks"), **WWW).content.decode()
    assert "东城停车" in low and "门票预约" not in low
    zero = client.get(reverse("search_reports:zero_results"), **WWW).content.decode()
    assert "东城火箭" in zero and "火星基地" not in zero
    # Another site cannot be asked for through the filter either.
    other = client.get(
        reverse("search_reports:zero_results"), {"profile": _www.pk}, **WWW
    ).content.decode()
    assert "火星基地" not in other
    # Editors do not manage the cluster's synonyms: no such button.
    assert "添加为同义词" not in zero
    # The admin menu lists the reports for them.
    menu = client.get(reverse("wagtailadmin_home"), **WWW).content.decode()
    assert reverse("search_reports:low_clicks") in menu


def test_zero_result_report_leads_to_a_prefilled_synonym_group(logged, office_client):
    html = office_client.get(
        reverse("search_reports:zero_results"), **WWW
    ).content.decode()
    links = re.findall(r'href="([^"]*synonymgroup/add/\?terms=[^"]*)"', html)
    [link] = [unescape(x) for x in links if "火星基地" in unquote(unescape(x))]
    data = browser_form_data(office_client, link)
    assert data["terms"] == "火星基地"
    data["terms"] = "火星基地/火星科研基地"
    response = office_client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"), data, **WWW
    )
    assert response.status_code == 302
    group = SynonymGroup.objects.get(terms__contains="火星基地")
    assert group.term_list == ["火星基地", "火星科研基地"]


def test_low_click_report_leads_to_a_prefilled_promotion(
    logged, office_client, search_cluster, settings
):
    settings.SEARCH_LOW_CLICK_MAX_RATE = 0.2
    html = unescape(
        office_client.get(reverse("search_reports:low_clicks"), **WWW).content.decode()
    )
    links = re.findall(r'href="([^"]*/promote/\?query=[^"]*)"', html)
    [link] = [x for x in links if "门票预约" in unquote(x)]
    data = browser_form_data(office_client, link)
    assert data["query_string"] == "门票预约"
    page = search_cluster.docs["yibao"]
    data.update(
        {
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-0-page": str(page.pk),
            "editors_picks-0-description": "门票预约入口",
            "editors_picks-0-ORDER": "1",
        }
    )
    response = office_client.post(reverse("wagtailsearchpromotions:add"), data, **WWW)
    assert response.status_code == 302, response.content.decode()[:2000]
    promotion = SearchPromotion.objects.get()
    assert promotion.query.query_string == "门票预约"
    assert promotion.page_id == page.pk
    # The results page now shows it (search.promotions).
    results = office_client.get("/search/", {"q": "门票预约"}, **WWW).content.decode()
    assert "门票预约入口" in results
