"""Editors cannot back-date news, notices, topics or leaders; imports can (#19).

The admin forms are posted as the browser posts them.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import ArticleIndexPage, ArticlePage, TopicIndexPage
from tests.admin_forms import browser_form_data, page_errors
from tests.factories.disclosure import make_site
from tests.two_factor import login_verified


def _past(days=10) -> str:
    return (timezone.localtime() - datetime.timedelta(days=days)).strftime(
        "%Y-%m-%d %H:%M"
    )


def _body() -> dict:
    """The body stream as the stream editor posts it (it renders from JSON)."""
    block = ("paragraph", rich_text("<p>会议召开。</p>"))
    return nested_form_data({"body": streamfield([block])})


# Functions, not a TestCase: TestCase closes the database connection when its
# class ends, which would end the demo cluster tests/content shares.
@pytest.fixture
def editor(client, db):
    _site, home = make_site("bd", hostname="bd.localhost")
    news = ArticleIndexPage(title="政务动态", slug="news")
    home.add_child(instance=news)
    topics = TopicIndexPage(title="专题专栏", slug="ztzl")
    home.add_child(instance=topics)
    admin = get_user_model().objects.create_superuser(
        "bd-admin", "bd@example.invalid", "pw"
    )
    login_verified(client, admin)
    return client, news, topics


def _add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("content", model, parent.pk))


def _news_data(client, url, **fields):
    data = browser_form_data(client, url)
    data.update(_body())
    data.update(
        title="示范市召开常务会议", slug="meeting", source="市政府办公室", **fields
    )
    return data


def test_news_published_in_the_admin_keeps_its_date_on_resave(editor):
    client, news, _topics = editor
    url = _add_url("articlepage", news)
    data = _news_data(client, url)
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, page_errors(response.content.decode())
    page = ArticlePage.objects.child_of(news).get(slug="meeting")
    assert page.live and not page.imported and page.source_id == ""
    first = page.first_published_at
    assert timezone.now() - first < datetime.timedelta(minutes=1)

    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = browser_form_data(client, edit)
    # The stream editor renders its blocks from JSON: post them as it does.
    data.update(_body())
    data["action-publish"] = "1"
    response = client.post(edit, data)
    assert response.status_code == 302, page_errors(response.content.decode())
    page.refresh_from_db()
    assert page.first_published_at == first
    assert page.revisions.count() == 2


def test_a_past_scheduled_publication_is_refused(editor):
    client, news, _topics = editor
    url = _add_url("articlepage", news)
    data = _news_data(client, url, go_live_at=_past())
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "定时发布时间不能早于当前时间" in response.content.decode()
    assert not ArticlePage.objects.child_of(news).filter(slug="meeting").exists()


def test_a_topic_cannot_be_scheduled_in_the_past_either(editor):
    client, _news, topics = editor
    url = _add_url("topicpage", topics)
    data = browser_form_data(
        client, url, title="优化营商环境", slug="yshj", go_live_at=_past()
    )
    data.update(_body())
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "定时发布时间不能早于当前时间" in response.content.decode()


@pytest.mark.django_db
def test_only_an_imported_page_may_carry_a_past_date():
    _site, home = make_site("bd2", hostname="bd2.localhost")
    news = ArticleIndexPage(title="政务动态", slug="news")
    home.add_child(instance=news)
    past = timezone.now() - datetime.timedelta(days=400)
    values = {"title": "旧新闻", "source": "办公室", "body": [], "live": False}
    page = ArticlePage(slug="old", first_published_at=past, **values)
    news.add_child(instance=page)  # a draft row: only title and slug are checked
    with pytest.raises(ValidationError, match="不能倒填"):
        page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    live = ArticlePage(slug="old-live", first_published_at=past, **values)
    live.live = True
    with pytest.raises(ValidationError, match="不能倒填"):
        news.add_child(instance=live)

    imported = ArticlePage(
        slug="old-imported", first_published_at=past, imported=True, **values
    )
    news.add_child(instance=imported)
    imported.save_revision().publish()
    imported.refresh_from_db()
    assert imported.first_published_at == past

    # Publishing an old or tampered revision never drops the marks.
    revision = imported.save_revision()
    revision.content["imported"] = False
    revision.content["source_id"] = "tampered"
    revision.save()
    revision.publish()
    imported.refresh_from_db()
    assert imported.imported and imported.source_id == ""

    # A published page that was not imported cannot have its date changed.
    fresh = ArticlePage(slug="fresh", **values)
    news.add_child(instance=fresh)
    fresh.save_revision().publish()
    fresh.refresh_from_db()
    fresh.first_published_at = past
    with pytest.raises(ValidationError, match="不能更改"):
        fresh.full_clean()
