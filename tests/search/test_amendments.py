"""The 有效性 facet follows amend and repeal (#17.6): publishing the repealing
document re-syncs the target's entry, unpublishing it restores the facet; on
the database backend and the real OpenSearch."""

from __future__ import annotations

import pytest

from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DocumentRelation,
)
from search import selectors
from search.models import SearchEntry
from tests.search.conftest import BACKENDS, index_entries

pytestmark = [pytest.mark.opensearch, pytest.mark.django_db]


def run(backend, **params):
    request = selectors.parse_search_request(params, profile=None)
    return selectors.run_search(request, backend=backend)


def validity_counts(response) -> dict[str, int]:
    return {value.value: value.count for value in response.facets["validity"]}


def reindex(search_engine_backend):
    from wagtail.search.backends import get_search_backend

    index_entries(search_engine_backend)
    index_entries(get_search_backend("default"))


def test_validity_facet_follows_a_repeal_and_its_withdrawal(
    search_cluster, search_engine_backend, django_capture_on_commit_callbacks
):
    target = search_cluster.docs["yibao"]
    column = DisclosureColumnPage.objects.get(url_path="/www/xxgk/zcwj/")
    repealer = DisclosureDocumentPage(
        title="关于城乡居民医保缴费的新规定",
        body="<p>自发布之日起施行。</p>",
        organization=target.organization,
        document_number="示政办发〔2025〕9号",
        slug="repealer",
        live=False,
    )
    repealer.relations = [DocumentRelation(kind="repeals", target=target)]
    column.add_child(instance=repealer)
    with django_capture_on_commit_callbacks(execute=True):
        repealer.save_revision().publish()
    assert SearchEntry.objects.get(page_id=target.pk).validity == "repealed"
    reindex(search_engine_backend)

    for backend in BACKENDS:
        response = run(backend, q="医保缴费标准", scope="all")
        assert validity_counts(response).get("repealed") == 1, backend
        labels = {v.value: v.label for v in response.facets["validity"]}
        assert labels["repealed"] == "废止"
        repealed = run(backend, q="医保缴费标准", scope="all", validity="repealed")
        assert [h.entry.page_id for h in repealed.hits] == [target.pk], backend

    # Withdrawing the repealing document restores the target in the facet.
    repealer = DisclosureDocumentPage.objects.get(pk=repealer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        repealer.unpublish()
    assert SearchEntry.objects.get(page_id=target.pk).validity == "valid"
    reindex(search_engine_backend)
    for backend in BACKENDS:
        response = run(backend, q="医保缴费标准", scope="all", validity="repealed")
        assert target.pk not in [h.entry.page_id for h in response.hits], backend
        valid = run(backend, q="医保缴费标准", scope="all", validity="valid")
        assert target.pk in [h.entry.page_id for h in valid.hits], backend
