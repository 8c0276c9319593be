"""Index numbers under concurrent publishing: no duplicates (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from disclosure_pages.models import DisclosureDocumentPage, IndexNumberCounter
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
PER_THREAD = 3


def test_concurrent_publications_never_share_a_number(postgres):
    _site, home = make_site("conc")
    _catalog, column = make_catalog(home)
    organization = make_organization()
    drafts = [
        make_document(column, organization=organization, publish=False)
        for _ in range(THREADS * PER_THREAD)
    ]
    barrier = threading.Barrier(THREADS)
    errors = []

    def publish(pages):
        try:
            barrier.wait()
            for page in pages:
                page = DisclosureDocumentPage.objects.get(pk=page.pk)
                page.save_revision().publish()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish, args=(drafts[i::THREADS],))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(
        DisclosureDocumentPage.objects.filter(organization=organization).values_list(
            "index_number", flat=True
        )
    )
    assert len(numbers) == THREADS * PER_THREAD
    assert len(set(numbers)) == len(numbers)
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert serials == list(range(1, THREADS * PER_THREAD + 1))  # no gaps either
    assert IndexNumberCounter.objects.get(organization=organization).last_serial == len(
        numbers
    )
