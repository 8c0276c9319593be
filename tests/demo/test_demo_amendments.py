"""The demo's repeal pair (#17.6): an older city document repealed by a newer
one, in force since a month before loading, shown both ways and in the
column's 废止 filter; loading again changes nothing."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from demo.amendments import NEW_EFFECTIVE_DAYS_AGO, NEW_SOURCE_ID, OLD_SOURCE_ID
from demo.services import load_demo_cluster
from disclosure_pages.models import DisclosureDocumentPage, DocumentRelation


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    return module_demo_cluster


def test_the_old_document_is_repealed_from_the_new_ones_effective_date(
    demo_cluster, client
):
    old = DisclosureDocumentPage.objects.get(source_id=OLD_SOURCE_ID)
    new = DisclosureDocumentPage.objects.get(source_id=NEW_SOURCE_ID)
    effective = timezone.localdate() - datetime.timedelta(days=NEW_EFFECTIVE_DAYS_AGO)
    relation = DocumentRelation.objects.get(source=new)
    assert (relation.target_id, relation.effective_from) == (old.pk, effective)
    assert old.current_validity == "repealed"
    assert old.validity_on(effective - datetime.timedelta(days=1)) == "valid"
    assert PageLogEntry.objects.filter(
        page=old, action="disclosure.repealed_by"
    ).exists()

    page = client.get(old.url_path.removeprefix("/www"), HTTP_HOST="www.localhost")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"《{new.title}》</a>（{new.document_number}）废止" in text
    listing = client.get(
        "/xxgk/zcwj/", {"validity": "repealed"}, HTTP_HOST="www.localhost"
    )
    assert old.title in listing.content.decode()
    assert new.title not in listing.content.decode()


def test_loading_again_keeps_the_pair(demo_cluster):
    load_demo_cluster(port=80, public_content=False)
    assert DocumentRelation.objects.filter(source__source_id=NEW_SOURCE_ID).count() == 1
