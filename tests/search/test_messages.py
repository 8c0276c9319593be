"""Published citizen messages in cluster search, on the database backend and
the real OpenSearch: found, faceted as 互动留言, linked to their site's page,
hidden with their closed site."""

from __future__ import annotations

import pytest
from wagtail.search.backends import get_search_backend

from interaction.models import Message
from interaction.signals import message_changed
from search import selectors
from search.models import SearchEntry
from site_registry.choices import SiteStatus
from site_registry.models import SiteProfile
from tests.interaction.listing_data import channel, message
from tests.search.conftest import BACKENDS, index_entries

pytestmark = pytest.mark.django_db


def run(backend, profile=None, **params):
    request = selectors.parse_search_request(params, profile=profile)
    return selectors.run_search(request, backend=backend)


@pytest.fixture
def published(
    search_cluster, search_engine_backend, django_capture_on_commit_callbacks
):
    site = SiteProfile.objects.get(site__hostname="jyj.localhost")
    found = message(
        channel(site, slug="jzxx", name="局长信箱"),
        "关于课后托管服务收费的建议",
        content="建议公开课后托管服务收费标准，联系电话13812345678。",
        answer="课后托管服务收费标准已在本局网站公开。",
        answer_department="示范市教育局",
    )
    with django_capture_on_commit_callbacks(execute=True):
        message_changed.send(sender=Message, message=found, action="published")
    assert SearchEntry.objects.filter(message=found).exists()
    index_entries(search_engine_backend)
    index_entries(get_search_backend("default"))
    return found


@pytest.mark.parametrize("backend", BACKENDS)
def test_message_is_found_with_its_kind_and_link(published, backend):
    response = run(backend, q="课后托管", scope="all")
    [hit] = [h for h in response.hits if h.entry.message_id == published.pk]
    assert hit.url == f"http://jyj.localhost/interaction/jzxx/{published.pk}/"
    assert hit.entry.kind == "message"
    assert "13812345678" not in hit.entry.text
    kinds = {f.value: (f.label, f.count) for f in response.facets["type"]}
    assert kinds["message"] == ("互动留言", 1)
    assert hit.as_json()["message_id"] == published.pk
    only = run(backend, q="托管", scope="all", type="message")
    assert [h.entry.message_id for h in only.hits] == [published.pk]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_closed_sites_messages_are_hidden(published, backend):
    assert run(backend, q="课后托管", scope="all").total == 1
    # Saved like the registry's close service does: the change shows at once.
    site = published.site
    site.status = SiteStatus.CLOSED
    site.save()
    response = run(backend, q="课后托管", scope="all")
    assert not [h for h in response.hits if h.entry.message_id == published.pk]


@pytest.mark.parametrize("backend", BACKENDS)
def test_withdrawn_message_is_not_linked_before_reindexing(published, backend):
    # Unpublished after indexing: the hit is dropped, never a link to a 404.
    Message.objects.filter(pk=published.pk).update(is_published=False)
    response = run(backend, q="课后托管", scope="all")
    assert not [h for h in response.hits if h.entry.message_id == published.pk]
