"""Footer identity from the registry, and the translation round trip."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from site_registry import languages
from tests.site_registry.factories import open_city, open_county, open_subsite
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db


def test_footer_and_meta_come_from_the_registry(client):
    _city, fgw, _jyj = open_city()
    fgw.operator = "示范市大数据中心"
    fgw.save()
    html = client.get("/xxgk/", HTTP_HOST="fgw.city.localhost").content.decode()
    assert f'<meta name="SiteIDCode" content="{fgw.code}">' in html
    assert '<meta name="SiteName" content="示范市发展和改革委员会网站">' in html
    footer = html[html.index("<footer") :]
    for value in (
        fgw.organizer,
        "示范市大数据中心",
        fgw.phone,
        fgw.email,
        fgw.address,
        fgw.code,
        fgw.icp_number,
        fgw.police_number,
        "我为政府网站找错",
    ):
        assert value in footer, value
    assert f"websiteid={fgw.code}" in footer
    # A registry change shows on the next request: nothing is typed in templates
    # (changes go through save(), as in the admin and the services).
    fgw.phone = "0531-87654321"
    fgw.save()
    html = client.get("/xxgk/", HTTP_HOST="fgw.city.localhost").content.decode()
    assert "0531-87654321" in html


def test_identity_is_cached_until_the_registry_changes(client):
    _city, fgw, _jyj = open_city()
    client.get("/xxgk/", HTTP_HOST="fgw.city.localhost")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/xxgk/", HTTP_HOST="fgw.city.localhost").content.decode()
    registry_queries = [
        query["sql"]
        for query in queries.captured_queries
        if "site_registry_" in query["sql"]
    ]
    assert registry_queries == []
    footer = html[html.index("<footer") :]
    assert fgw.organizer in footer and fgw.name in footer
    # The organizer changes in the registry: the very next request shows it.
    fgw.organizer = "示范市发展和改革委员会（示范市粮食和物资储备局）"
    fgw.save()
    html = client.get("/xxgk/", HTTP_HOST="fgw.city.localhost").content.decode()
    footer = html[html.index("<footer") :]
    assert "主办单位：示范市发展和改革委员会（示范市粮食和物资储备局）" in footer


def test_subsite_has_its_own_identity_and_search_scope(
    client, django_capture_on_commit_callbacks
):
    city, _fgw, _jyj = open_city()
    county = open_county(
        city,
        code="3701020001",
        icp_number="鲁ICP备12345678号-2",
        police_number="鲁公网安备37010202000002号",
    )
    qtz = open_subsite(county, phone="0531-88123456")
    html = client.get("/qtz/", HTTP_HOST="dc.city.localhost").content.decode()
    assert "示范市东城区青台镇人民政府" in html
    footer = html[html.index("<footer") :]
    assert "青台镇人民政府" in footer and "0531-88123456" in footer
    # Served on the county's domain: the county's code and filings.
    assert "3701020001" in footer and "鲁ICP备12345678号-2" in footer
    assert f'name="subsite" value="{qtz.pk}"' in html
    # Search within the sub-site only.
    from disclosure_pages.models import DisclosureColumnPage, DisclosureIndexPage
    from tests.factories.disclosure import make_document, make_organization

    organization = make_organization()
    for root, title in (
        (qtz.root_page, "青台镇文件"),
        (county.root_page, "东城区文件"),
    ):
        # The registry's skeleton gives every site its policy column.
        catalog = DisclosureIndexPage.objects.child_of(root).get()
        column = DisclosureColumnPage.objects.child_of(catalog).get(slug="zcwj")
        # Search entries are written after the commit (search.signal_handlers).
        with django_capture_on_commit_callbacks(execute=True):
            make_document(
                column, organization=organization, title=f"{title} scopeprobe"
            )
    html = client.get(
        "/search/",
        {"q": "scopeprobe", "subsite": qtz.pk},
        HTTP_HOST="dc.city.localhost",
    ).content.decode()
    assert "青台镇文件" in html and "东城区文件" not in html
    html = client.get(
        "/search/", {"q": "scopeprobe"}, HTTP_HOST="dc.city.localhost"
    ).content.decode()
    assert "青台镇文件" in html and "东城区文件" in html
    # A sub-site of another portal is not a scope on this domain.
    html = client.get(
        "/search/",
        {"q": "scopeprobe", "subsite": qtz.pk, "scope": "site"},
        HTTP_HOST="www.city.localhost",
    ).content.decode()
    assert "青台镇文件" not in html


def test_translation_round_trip(
    client, django_user_model, django_capture_on_commit_callbacks
):
    city, fgw, _jyj = open_city()
    languages.set_languages(profile=city, language_codes=["en"])
    english = Locale.objects.get(language_code="en")
    editor = django_user_model.objects.create_superuser(
        "translator", "t@example.invalid", "pw-12345-abc"
    )
    login_verified(client, editor)
    home = city.root_page
    # "Translate this page" in the admin (wagtail-localize).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[home.pk]),
            {"locales": [english.pk], "include_subtree": "on"},
            HTTP_HOST="www.city.localhost",
        )
    assert response.status_code == 302
    english_home = home.get_translation(english)
    # The translator translates the title and publishes.
    source = TranslationSource.objects.get_for_instance(home.specific)
    segment = source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=english,
        context=segment.context,
        data="Shifan Municipal Government",
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
    )
    # wagtail-localize publishes after the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        Translation.objects.get(source=source, target_locale=english).save_target(
            user=editor, publish=True
        )
    english_home.refresh_from_db()
    assert english_home.live and english_home.title == "Shifan Municipal Government"
    client.logout()

    response = client.get("/en/", HTTP_HOST="www.city.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    # The home page's heading is for screen readers (the banner shows the name).
    assert '<h1 class="visually-hidden">Shifan Municipal Government</h1>' in html
    # The interface around the content speaks English too (home blocks are empty).
    assert "Skip to main content" in html and "Site map" in html
    assert (
        '<link rel="alternate" hreflang="zh-hans" href="http://www.city.localhost/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://www.city.localhost/en/">'
        in html
    )
    # Chinese stays at / and links to the English version.
    html = client.get("/", HTTP_HOST="www.city.localhost").content.decode()
    assert '<html lang="zh-hans">' in html
    assert '<h1 class="visually-hidden">示范市人民政府</h1>' in html
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(
        0
    )
    assert 'href="/en/"' in switcher

    # A site that did not enable English has no /en/ and no switcher.
    assert client.get("/en/", HTTP_HOST="fgw.city.localhost").status_code == 404
    html = client.get("/", HTTP_HOST="fgw.city.localhost").content.decode()
    assert "language-switcher" not in html and "hreflang" not in html
    assert Page.objects.filter(locale=english).count() >= 2


def test_admin_is_chinese_by_default(client, django_user_model):
    open_city()
    user = django_user_model.objects.create_superuser(
        "zh", "z@example.invalid", "pw-12345-abc"
    )
    login_verified(client, user)
    html = client.get(
        "/admin/", HTTP_HOST="www.city.localhost", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'lang="zh-hans"' in html
