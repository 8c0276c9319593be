"""Index operations: rebuilding without downtime (alias swap) with a progress bar."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from search import selectors
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_update_index_swaps_the_alias_atomically_and_shows_progress(
    search_cluster, search_engine_backend
):
    alias = search_engine_backend.get_index_for_model(SearchEntry)
    runs = []
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        call_command("update_index", backend_name="engine", stdout=out, stderr=err)
        assert alias.is_alias()
        runs.append({index.name for index in alias.aliased_indices()})
        assert "100%" in err.getvalue()
        assert "search entries" in err.getvalue()
    # Each rebuild filled a new index and swapped the alias; the old one is gone.
    assert len(runs[0]) == len(runs[1]) == 1
    assert runs[0] != runs[1]
    old = next(iter(runs[0]))
    assert not search_engine_backend.es.indices.exists(index=old)
    request = selectors.parse_search_request({"q": "义务教育"}, profile=None)
    assert selectors.run_search(request, backend="engine").total == 12


def test_page_changes_are_indexed_by_a_background_task(
    search_cluster, django_capture_on_commit_callbacks
):
    from disclosure_pages.models import DisclosureDocumentPage
    from search.tasks import sync_pages_task

    document = DisclosureDocumentPage.objects.get(pk=search_cluster.docs["yibao"].pk)
    document.title = "关于调整城乡居民医保缴费标准的通知（修订）"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.save_revision().publish()
    # Nothing happens inside the transaction: the task is enqueued on commit.
    assert SearchEntry.objects.get(page=document).title.endswith("通知")
    assert callbacks
    for callback in callbacks:
        callback()
    assert SearchEntry.objects.get(page=document).title.endswith("（修订）")
    assert sync_pages_task.name.endswith("sync_pages_task")


def test_imported_documents_get_entries(
    search_cluster, django_capture_on_commit_callbacks
):
    from disclosure_pages.models import DisclosureDocumentPage
    from disclosure_pages.signals import pages_bulk_written
    from reposting.models import UpstreamLibraryPage

    # The importer's fast path publishes without page_published.
    documents = DisclosureDocumentPage.objects.filter(imported=True)
    library = UpstreamLibraryPage.objects.get()
    in_library = list(
        documents.filter(path__startswith=library.path).values_list("pk", flat=True)
    )
    imported = list(
        documents.exclude(path__startswith=library.path).values_list("pk", flat=True)
    )
    assert imported and in_library
    SearchEntry.objects.filter(page_id__in=imported).delete()
    with django_capture_on_commit_callbacks(execute=True):
        pages_bulk_written.send(
            sender=DisclosureDocumentPage, page_ids=imported + in_library
        )
    assert SearchEntry.objects.filter(page_id__in=imported).count() == len(imported)
    # The upstream library is no site: its documents are found through reposts.
    assert not SearchEntry.objects.filter(page_id__in=in_library).exists()
