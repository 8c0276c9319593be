"""Service guides in cluster search, on the database backend and the real
OpenSearch: found with type ``service`` (办事指南), filtered by it, in the JSON
API, and hidden when private or out of the visitor's site scope."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from home.models import HomePage
from search import selectors, services
from search.models import SearchEntry
from site_registry.models import SiteProfile
from tests.factories.disclosure import make_organization
from tests.factories.services import make_guide, make_service_index
from tests.search.conftest import BACKENDS, index_entries

pytestmark = pytest.mark.django_db


def run(backend, profile=None, **params):
    request = selectors.parse_search_request(params, profile=profile)
    return selectors.run_search(request, backend=backend)


@pytest.fixture
def guides(search_cluster, search_engine_backend):
    home = HomePage.objects.get(slug="wjw")
    index = make_service_index(home, slug="bsfw")
    organization = make_organization("示范市卫生健康委员会医政处")
    public = make_guide(
        index,
        organization=organization,
        title="医师执业注册",
        conditions="取得医师资格证书，受聘于医疗卫生机构。",
        theme="qualification",
    )
    private = make_guide(index, organization=organization, title="医师执业变更注册")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    services.sync_pages(page_ids=[public.pk, private.pk], update_index=False)
    index_entries(search_engine_backend)
    index_entries(get_search_backend("default"))
    return public, private


@pytest.mark.parametrize("backend", BACKENDS)
def test_guide_is_found_with_its_type(guides, backend):
    public, _private = guides
    response = run(backend, q="医师执业注册", scope="all")
    [hit] = [h for h in response.hits if h.entry.page_id == public.pk]
    assert hit.entry.kind == "service"
    assert hit.entry.organization == "示范市卫生健康委员会医政处"
    assert hit.as_json()["type"] == "service"
    kinds = {f.value: (f.label, f.count) for f in response.facets["type"]}
    assert kinds["service"] == ("办事指南", 1)
    only = run(backend, q="医师", scope="all", type="service")
    assert [h.entry.page_id for h in only.hits] == [public.pk]
    # Its text is searched too (申请条件).
    by_text = run(backend, q="医师资格证书", scope="all", type="service")
    assert [h.entry.page_id for h in by_text.hits] == [public.pk]


@pytest.mark.parametrize("backend", BACKENDS)
def test_private_and_other_sites_guides_are_not_shown(guides, backend):
    public, private = guides
    found = {h.entry.page_id for h in run(backend, q="医师", scope="all").hits}
    assert public.pk in found and private.pk not in found
    assert SearchEntry.objects.get(page=private).private  # kept, never shown
    education = SiteProfile.objects.get(site__hostname="jyj.localhost")
    response = run(backend, profile=education, q="医师执业注册", scope="site")
    assert public.pk not in {h.entry.page_id for h in response.hits}


def test_results_page_and_api_name_the_type(guides, client):
    html = client.get(
        "/search/", {"q": "医师执业注册", "scope": "all"}, HTTP_HOST="www.localhost"
    ).content.decode()
    assert "办事指南</a> (1)" in html
    data = client.get(
        "/api/search/", {"q": "医师执业注册", "type": "service"},
        HTTP_HOST="www.localhost",
    ).json()  # fmt: skip
    assert [r["type"] for r in data["results"]] == ["service"]
    assert data["results"][0]["id"] == guides[0].pk
    assert Page.objects.filter(pk=guides[0].pk, live=True).exists()
