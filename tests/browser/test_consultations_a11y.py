"""Consultation pages in Chromium: a survey answered in the browser, then axe-core
(WCAG 2.1 A/AA) over the list, a solicitation, the survey form with an error
and the results chart."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from interaction.models import SurveyResponse
from tests.browser.test_accessibility import _axe, _report
from tests.interaction.consultation_fixtures import (
    make_cluster,
    make_consultation,
    make_survey,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_survey_journey_and_consultation_pages_pass_axe(live_server, audit_page):
    cluster = make_cluster(get_user_model())
    make_consultation(cluster["fgw"])
    survey = make_survey(cluster["fgw"])
    base = f"http://fgw.city.localhost:{urlsplit(live_server.url).port}"
    page = audit_page
    failures = {}

    def audit(name):
        violations = _axe(page)
        if violations:
            failures[name] = _report(violations)

    for path in ("/interaction/consultations/", "/interaction/consultations/parking/"):
        assert page.goto(base + path).status == 200
        audit(path)

    page.goto(base + "/interaction/consultations/bus/")
    page.locator("button[type=submit]", has_text="提交问卷").click()
    page.wait_for_load_state()
    assert page.get_by_text("此题为必答题").count() == 1
    audit("survey with an error")
    assert not SurveyResponse.objects.exists()

    page.get_by_label("地铁").check()
    page.get_by_label("票价").check()
    page.locator("button[type=submit]", has_text="提交问卷").click()
    page.wait_for_load_state()
    assert page.get_by_text("问卷已提交，感谢您的参与。").count() == 1
    assert SurveyResponse.objects.filter(consultation=survey).count() == 1

    page.get_by_role("link", name="查看调查结果").click()
    page.wait_for_load_state()
    assert page.get_by_role("table").first.is_visible()
    audit("results")
    assert failures == {}
