"""The 有效性 facet follows amend and repeal (#17.6): publishing the repealing
document re-syncs the target's entry, unpublishing it restores the facet; on
the database backend and the real OpenSearch."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

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


def test_a_repeal_taking_effect_later_reaches_the_entry_by_the_daily_run(
    search_cluster, django_capture_on_commit_callbacks
):
    target = search_cluster.docs["apart"]
    column = DisclosureColumnPage.objects.get(url_path="/www/xxgk/zcwj/")
    later = timezone.localdate() + datetime.timedelta(days=5)
    amender = DisclosureDocumentPage(
        title="关于调整医院建设安排的通知",
        body="<p>自生效之日起施行。</p>",
        organization=target.organization,
        effective_date=later,
        slug="amender",
        live=False,
    )
    amender.relations = [DocumentRelation(kind="amends", target=target)]
    column.add_child(instance=amender)
    with django_capture_on_commit_callbacks(execute=True):
        amender.save_revision().publish()
    assert SearchEntry.objects.get(page_id=target.pk).validity == "valid"

    # The day comes (the row's date moved instead of the clock).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    DocumentRelation.objects.filter(source=amender).update(effective_from=yesterday)
    assert SearchEntry.objects.get(page_id=target.pk).validity == "valid"
    call_command("sync_validity", stdout=io.StringIO())
    assert SearchEntry.objects.get(page_id=target.pk).validity == "amended"
