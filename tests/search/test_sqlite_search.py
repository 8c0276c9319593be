"""Search on the embedded SQLite database, the README's demo setting.

Wagtail's SQLite search backend rejects a Boost query, and the word typed is
boosted above its synonyms on the other backends: a query with a synonym once
answered 500 on the demo. Marked `sqlite`: scripts/test.sh runs it without
DATABASE_URL after the PostgreSQL run.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from search import analysis, services
from search.models import SynonymGroup
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.search.conftest import index_entries

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

TITLE = "青禾市最低生活保障标准调整方案"


@pytest.fixture
def sqlite_site():
    if connection.vendor != "sqlite":
        pytest.fail(
            "This test is about the embedded SQLite database: run it without "
            "DATABASE_URL (`pytest -m sqlite`; scripts/test.sh does)."
        )
    _site, home = make_site("qh", hostname="qh.localhost")
    _catalog, column = make_catalog(home)
    make_document(
        column,
        organization=make_organization("青禾市民政局"),
        title=TITLE,
        body="<p>城乡最低生活保障标准自下月起提高。</p>",
    )
    make_document(
        column,
        organization=make_organization("青禾市财政局"),
        title="青禾市部门预算公开说明",
        body="<p>本部门预算按规定公开。</p>",
    )
    SynonymGroup.objects.create(terms="低保/最低生活保障")
    analysis.reset()
    services.rebuild_entries()
    index_entries(get_search_backend("default"))
    yield
    analysis.reset()


@pytest.mark.parametrize(
    "q",
    [
        "低保",  # only the synonym is in the document
        "最低生活保障",  # the word typed, with its synonym beside it
        "最低生活保障 标准",  # several words and the phrase
        "低保 标准 解读",  # an interpretation word: interpretations first
    ],
)
def test_public_search_on_sqlite_answers_queries_with_synonyms(sqlite_site, client, q):
    response = client.get("/search/", {"q": q}, HTTP_HOST="qh.localhost")
    assert response.status_code == 200
    # Without the highlighting's <mark> tags.
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert TITLE in text
    assert "青禾市部门预算公开说明" not in text
