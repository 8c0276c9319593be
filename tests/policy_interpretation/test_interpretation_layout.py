"""#22: an interpretation page typeset like a document, with its page tools:
相关解读 are the site's other interpretations of the same source documents."""

import pytest
from django.core.cache import cache

from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.policy_interpretation.test_interpretations import _interpret

HOST = "jdlayout.localhost"


@pytest.fixture
def interpretations(db):
    cache.clear()
    _site, home = make_site("jdlayout", hostname=HOST)
    _c, docs, jd = make_catalog(home, ("zcwj", "policy"), ("zcjd", "interpretation"))
    _s, other_home = make_site("jdother", hostname="jdother.localhost")
    _c2, _docs2, other_jd = make_catalog(
        other_home, ("zcwj", "policy"), ("zcjd", "interpretation")
    )
    organization = make_organization("示范市人民政府办公室")
    policy = make_document(docs, organization=organization, slug="policy")
    plain = make_document(docs, organization=organization, slug="plain")
    return {
        "first": _interpret(jd, "jd1", policy, interpreter="市人社局"),
        "unrelated": _interpret(jd, "jd2", plain),
        "second": _interpret(jd, "jd3", policy),
        "elsewhere": _interpret(other_jd, "jd4", policy),
    }


def _get(client, path):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_interpretation_is_typeset_with_tools(client, interpretations):
    html = _get(client, "/xxgk/zcjd/jd1/")
    assert '<h1 class="doc-title">解读jd1</h1>' in html
    assert '<div class="body gc-text">' in html
    assert '<span class="doc-signer">市人社局</span>' in html
    assert 'class="page-tools"' in html and 'class="qr-code"' in html
    assert "/static/css/document.css" in html
    # Newest first: jd2 and jd3 were published after jd1.
    assert '上一篇：<a href="/xxgk/zcjd/jd2/" rel="prev">' in html
    assert "下一篇：没有了" in html


def test_related_interpretations_share_a_source_on_this_site(client, interpretations):
    html = _get(client, "/xxgk/zcjd/jd1/")
    related = html[html.index('class="related-pages"') :]
    related = related[: related.index("</section>")]
    assert "相关解读" in related
    assert '<a href="/xxgk/zcjd/jd3/">解读jd3</a>' in related
    assert "解读jd2" not in related  # another source
    assert "解读jd4" not in related  # another site
