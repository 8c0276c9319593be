"""The live interview page updates in Chromium without a reload, under the CSP."""

from urllib.parse import urlsplit

import pytest

from interaction.choices import InterviewStatus, Moderation
from interaction.services import interviews as services
from interaction.views import interviews as public_views
from site_registry.models import SiteProfile
from tests.interaction.test_interviews_admin import ask, make_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_live_page_shows_new_answers_without_reload(
    live_server, demo_cluster, page, monkeypatch
):
    monkeypatch.setattr(public_views, "POLL_SECONDS", 1)
    profile = SiteProfile.objects.get(site__hostname="fgw.localhost")
    interview = make_interview(
        profile, slug="zhibo", is_published=True, status=InterviewStatus.LIVE
    )
    question = ask(interview, "直播中提出的问题，手机13812345678")
    port = urlsplit(live_server.url).port
    page.goto(f"http://fgw.localhost:{port}/interaction/interviews/zhibo/")
    page.evaluate("window.__loaded = true")  # gone if the page reloads
    assert "直播中提出的问题" not in page.locator("#interview-questions").inner_text()

    services.update_question(
        question=question,
        moderation=Moderation.APPROVED,
        answer="现场答复的内容。",
        answered_by="张三",
        answered_live=True,
    )
    questions = page.locator("#interview-questions")
    questions.get_by_text("现场答复的内容。").wait_for(timeout=10_000)
    text = questions.inner_text()
    assert "直播中提出的问题" in text and "13812345678" not in text
    assert page.evaluate("window.__loaded") is True
    assert page.console_errors == []
    assert page.http_errors == []
