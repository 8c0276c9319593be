from pathlib import Path

import polib
import pytest


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    """Loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster


CATALOG = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


@pytest.mark.django_db
def test_chinese_is_the_default_language(client, demo_cluster):
    html = client.get("/", HTTP_HOST="www.localhost").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "网站地图" in html


@pytest.mark.django_db
def test_english_works(client, demo_cluster):
    # Chinese stays at / whatever the browser asks; English lives under /en/
    # (the search page exists in every language the platform speaks).
    html = client.get(
        "/", HTTP_HOST="www.localhost", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<html lang="zh-hans">' in html
    html = client.get("/en/search/", HTTP_HOST="www.localhost").content.decode()
    assert '<html lang="en">' in html
    assert "Site map" in html
    assert "Skip to main content" in html


def test_english_catalog_is_complete_and_compiled():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    assert untranslated == []
    assert catalog.fuzzy_entries() == []
    compiled = polib.mofile(str(CATALOG.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in compiled} == {
        e.msgid: e.msgstr for e in catalog.translated_entries()
    }
