"""The bulk page writer builds the tree Wagtail's Page.add_child builds."""

import pytest
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

from content.models import ArticlePage, StandardPage
from core.page_tree import bulk_add_children
from core.signals import pages_bulk_added

pytestmark = pytest.mark.django_db

BODY = [("paragraph", RichText("<p>正文</p>"))]


def _standard(slug):
    return StandardPage(title=f"页面{slug}", slug=slug, body=BODY)


def _article(slug):
    return ArticlePage(title=f"文章{slug}", slug=slug, source="办公室", body=BODY)


def _parent(slug, *existing):
    parent = Page.get_first_root_node().add_child(instance=_standard(slug))
    for child in existing:
        parent.add_child(instance=child)
    return parent


def _value(page, field):
    if isinstance(field, StreamField):  # block ids are random: types and values
        return [(b["type"], b["value"]) for b in getattr(page, field.attname).raw_data]
    return field.value_to_string(page)


def _subtree(parent):
    """Everything below ``parent``, relative to it, with the specific rows."""
    parent = Page.objects.get(pk=parent.pk)
    rows = []
    for page in Page.objects.descendant_of(parent).order_by("path"):
        specific = page.specific  # raises if the specific row is missing
        rows.append(
            {
                "path": page.path[len(parent.path) :],
                "depth": page.depth - parent.depth,
                "numchild": page.numchild,
                "url_path": page.url_path[len(parent.url_path) :],
                "locale": page.locale_id,
                "content_type": page.content_type_id,
                "title": (page.title, page.draft_title, page.slug),
                "specific": {
                    field.attname: _value(specific, field)
                    for field in type(specific)._meta.local_concrete_fields
                    if not field.remote_field or not field.remote_field.parent_link
                },
            }
        )
    return parent.numchild, rows


def test_bulk_adding_gives_the_tree_of_the_page_api():
    # Under a parent with children already and under an empty one, at once,
    # pages of two models: the same rows as one add_child after the other.
    api_full = _parent("api-full", _standard("a"), _article("b"))
    api_empty = _parent("api-empty")
    bulk_full = _parent("bulk-full", _standard("a"), _article("b"))
    bulk_empty = _parent("bulk-empty")
    for slug, page in (("c", _article), ("d", _standard)):
        api_full.add_child(instance=page(slug))
    api_empty.add_child(instance=_article("e"))

    created = bulk_add_children(
        {
            bulk_full: [_article("c"), _standard("d")],
            bulk_empty: [_article("e")],
        }
    )

    assert [page.slug for page in created] == ["c", "d", "e"]
    assert all(page.pk and not page._state.adding for page in created)
    full = _subtree(bulk_full)
    assert full == _subtree(api_full)
    assert full[0] == 4 == bulk_full.numchild  # the object passed is updated
    assert _subtree(bulk_empty) == _subtree(api_empty)
    assert _subtree(bulk_empty)[0] == 1 == bulk_empty.numchild
    assert Page.find_problems() == ([], [], [], [], [])
    # The pages are ordinary pages: the page API adds after them.
    bulk_full.add_child(instance=_standard("f"))
    api_full.add_child(instance=_standard("f"))
    assert _subtree(bulk_full) == _subtree(api_full)
    assert Page.find_problems() == ([], [], [], [], [])


def test_one_signal_after_the_commit_and_none_for_a_rollback(
    django_capture_on_commit_callbacks, monkeypatch
):
    from search import signal_handlers

    parent = _parent("p")
    received, written = [], []

    def on_added(sender, pages, **kwargs):
        received.append([page.slug for page in pages])

    monkeypatch.setattr(signal_handlers, "_enqueue", written.append)
    pages_bulk_added.connect(on_added)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                pages = bulk_add_children({parent: [_standard("a"), _standard("b")]})
                assert received == []  # not before the commit
        assert received == [["a", "b"]]  # once, with every page
        # The citizens' search queues the new pages for indexing.
        assert written == [[page.pk for page in pages]]

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                bulk_add_children({parent: [_standard("c")]})
                raise RuntimeError
        assert callbacks == [] and len(received) == 1
    finally:
        pages_bulk_added.disconnect(on_added)
    parent.refresh_from_db()
    assert parent.numchild == 2
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_saved_page_is_refused_and_nothing_is_written():
    parent = _parent("p", _standard("a"))
    saved = StandardPage.objects.get(slug="a")
    with pytest.raises(ValueError):
        bulk_add_children({parent: [_standard("b"), saved]})
    parent.refresh_from_db()
    assert parent.numchild == 1
    assert not Page.objects.filter(slug="b").exists()
