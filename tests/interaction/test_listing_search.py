"""Published messages become cluster search entries (kind ``message``) and
leave it when withdrawn; the search page links to the message's own host.
Database backend (the engine: tests/search/test_messages.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.search.backends import get_search_backend

from interaction.choices import MessageAction, MessageStatus
from interaction.models import Message
from interaction.signals import message_changed
from search import services
from search.models import EntryKind, SearchEntry
from tests.interaction.listing_data import channel, message, profile
from tests.search.conftest import index_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    return module_demo_cluster


@pytest.fixture
def changed(django_capture_on_commit_callbacks):
    def change(found: Message, action=MessageAction.PUBLISHED, **fields) -> None:
        """What the handling services do: change the row, commit, then send
        the signal (the search entry is written after the commit)."""
        Message.objects.filter(pk=found.pk).update(**fields)
        found.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            message_changed.send(sender=Message, message=found, action=action)

    return change


@pytest.fixture
def dc_message(demo_cluster, changed):
    found = message(
        channel(profile("dc.localhost")),
        "关于东城区垃圾分类投放点的咨询",
        content="我家电话13812345678，小区垃圾分类投放点在哪里？",
        answer="投放点设在小区东门。",
        answer_department="东城区城市管理委员会",
        published=False,
    )
    changed(found, is_published=True)
    return found


def test_publishing_creates_the_entry_with_personal_data_masked(dc_message):
    entry = SearchEntry.objects.get(message=dc_message)
    assert entry.page_id is None
    assert entry.kind == EntryKind.MESSAGE
    assert entry.title == "关于东城区垃圾分类投放点的咨询"
    assert "13812345678" not in entry.text and "138****5678" in entry.text
    assert "投放点设在小区东门" in entry.text
    assert entry.organization == "东城区城市管理委员会"
    assert entry.profile == dc_message.site == entry.hosting_profile


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"status": MessageStatus.INVALID},
        {"wants_public": False},
    ],
)
def test_unpublishing_or_invalidating_removes_the_entry(dc_message, changed, fields):
    changed(dc_message, MessageAction.UNPUBLISHED, **fields)
    assert not SearchEntry.objects.filter(message=dc_message).exists()


def test_deleting_the_message_removes_the_entry(dc_message):
    dc_message.delete()
    assert not SearchEntry.objects.filter(message_id=dc_message.pk).exists()


def test_rebuild_includes_published_messages_only(dc_message):
    SearchEntry.objects.filter(message=dc_message).delete()
    hidden = message(channel(profile("www.localhost")), "未公开的来信", published=False)
    services.rebuild_entries()
    assert SearchEntry.objects.get(message=dc_message).kind == EntryKind.MESSAGE
    assert not SearchEntry.objects.filter(message=hidden).exists()
    Message.objects.filter(pk=dc_message.pk).update(is_published=False)
    services.rebuild_entries()
    assert not SearchEntry.objects.filter(message=dc_message).exists()
    assert SearchEntry.objects.filter(page__isnull=False).exists()


def test_an_entry_is_a_page_or_a_message_never_both(dc_message):
    from django.db import IntegrityError, transaction

    entry = SearchEntry.objects.get(message=dc_message)
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchEntry.objects.filter(pk=entry.pk).update(message=None)


def test_cluster_search_page_links_to_the_message_on_its_site(dc_message):
    index_entries(get_search_backend("default"))
    response = Client().get(
        "/search/", {"q": "垃圾分类", "scope": "all"}, HTTP_HOST="www.localhost"
    )
    html = response.content.decode()
    url = f"http://dc.localhost/interaction/zxzx/{dc_message.pk}/"
    entry = SearchEntry.objects.get(message=dc_message)
    # Result links go through the click endpoint (#20.8), which redirects to
    # the message's page on its own site.
    click = f"/search/click/?q=%E5%9E%83%E5%9C%BE%E5%88%86%E7%B1%BB&entry={entry.pk}"
    assert f'href="{click.replace("&", "&amp;")}&amp;pos=1"' in html
    assert "互动留言" in html  # the type facet
    hop = Client().get(f"{click}&pos=1", HTTP_HOST="www.localhost")
    assert hop.status_code == 302 and hop["Location"] == url
    assert Client().get(url, HTTP_HOST="dc.localhost").status_code == 200
    # On the message's own host, the redirect is to a path.
    own = Client().get(f"{click}&pos=1", HTTP_HOST="dc.localhost")
    assert own["Location"] == f"/interaction/zxzx/{dc_message.pk}/"
