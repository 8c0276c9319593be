"""Reposts in search (#3, #4): one result per document across the cluster,
"also on N sites", and a site's own search finds its reposts."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from reposting import services as reposting
from reposting.models import RepostPage
from search import selectors, services
from search.models import SearchEntry
from site_registry.models import SiteProfile
from tests.search.conftest import BACKENDS, index_entries

pytestmark = pytest.mark.django_db

UPSTREAM = "国务院关于加强基层政务公开标准化规范化工作的意见"


def run(backend, profile=None, **params):
    request = selectors.parse_search_request(params, profile=profile)
    return selectors.run_search(request, backend=backend)


def profile(code_or_host):
    return SiteProfile.objects.get(domains__hostname=code_or_host)


def reindex(search_engine_backend):
    from wagtail.search.backends import get_search_backend

    index_entries(search_engine_backend)
    index_entries(get_search_backend("default"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_upstream_document_is_one_result_across_the_cluster(search_cluster, backend):
    reposts = RepostPage.objects.filter(source__title=UPSTREAM, live=True)
    sites = set(reposts.values_list("target_site_id", flat=True))
    assert len(sites) >= 2, "the demo reposts the State Council document"

    response = run(backend, q="基层政务公开标准化", scope="all")
    found = [hit for hit in response.hits if hit.entry.title == UPSTREAM]
    assert len(found) == 1
    assert found[0].also_on_sites == len(sites) - 1
    assert found[0].entry.kind == "document"
    assert found[0].entry.document_number == "国发〔2024〕10号"
    assert found[0].as_json()["also_on_sites"] == len(sites) - 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_site_finds_its_own_repost_on_its_own_host(search_cluster, backend):
    county = profile("dc.localhost")
    response = run(backend, profile=county, q="基层政务公开标准化")
    [hit] = [hit for hit in response.hits if hit.entry.title == UPSTREAM]
    repost = RepostPage.objects.get(source__title=UPSTREAM, target_site=county)
    assert hit.entry.page_id == repost.pk
    assert hit.url.startswith("http://dc.localhost")
    # The repost's entry holds the source's text, found where the repost is.
    assert hit.entry.breadcrumbs[0] == county.name
    assert "标准化" in hit.entry.text


def test_in_cluster_source_stays_the_result_and_edits_reach_its_reposts(
    search_cluster, search_engine_backend, django_capture_on_commit_callbacks
):
    source = search_cluster.docs["dibao"]
    portal, education = profile("www.localhost"), profile("jyj.localhost")
    with django_capture_on_commit_callbacks(execute=True):
        plan = reposting.plan_reposts(
            source=source, profiles=[portal, education], user=None, kind="policy"
        )
        copies = reposting.repost_document(source=source, plan=plan, user=None)
    copy_entries = SearchEntry.objects.filter(page_id__in=[c.pk for c in copies])
    assert copy_entries.count() == 2
    assert not copy_entries.filter(canonical=True).exists()
    assert SearchEntry.objects.get(page_id=source.pk).canonical
    reindex(search_engine_backend)

    for backend in BACKENDS:
        response = run(backend, q="最低生活保障标准", scope="all")
        found = [h for h in response.hits if h.entry.title == source.title]
        assert [h.entry.page_id for h in found] == [source.pk], backend
        assert found[0].also_on_sites == 2
        # The portal's own search shows its repost.
        own = run(backend, profile=portal, q="最低生活保障标准")
        assert source.title in [h.entry.title for h in own.hits], backend

    # Editing the source re-syncs every repost's entry.
    source = type(source).objects.get(pk=source.pk)
    source.title = "东城区最低生活保障标准调整公告"
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    assert set(copy_entries.values_list("title", flat=True)) == {source.title}

    # Withdrawing the source takes its reposts out of search too.
    with django_capture_on_commit_callbacks(execute=True):
        source.unpublish()
    assert not SearchEntry.objects.filter(
        page_id__in=[source.pk, *(c.pk for c in copies)]
    ).exists()


def test_library_group_keeps_one_canonical_entry_when_it_is_taken_down(
    search_cluster, django_capture_on_commit_callbacks
):
    source = RepostPage.objects.filter(source__title=UPSTREAM).first().source_id
    copies = SearchEntry.objects.filter(source_page_id=source).order_by("pk")
    assert copies.filter(canonical=True).count() == 1
    first = copies.first()
    assert first.canonical
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=first.page_id).unpublish()
    assert copies.filter(canonical=True).count() == 1
    assert not copies.filter(pk=first.pk).exists()
    services.rebuild_entries()
    assert copies.filter(canonical=True).count() == 1
