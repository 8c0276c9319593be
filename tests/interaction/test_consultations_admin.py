"""Consultation admin: real form posts by site editors, auditors and the office."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.choices import ConsultationKind, Moderation
from interaction.models import Consultation, ConsultationComment, SurveyOption
from tests.admin_forms import browser_form_data, page_errors
from tests.interaction.consultation_fixtures import (
    make_cluster,
    make_consultation,
    make_document,
    make_survey,
)
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
ADD = "interaction_consultation:add"


@pytest.fixture
def cluster(django_user_model):
    return make_cluster(django_user_model)


def _refused(response):
    """Wagtail turns a refusal into a redirect to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    return True


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _add_row(data, prefix, index, **fields):
    """One new inline row, as the browser posts it after 'add'."""
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-id"] = ""
    data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    data[f"{prefix}-{index}-DELETE"] = ""
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value


def _base_data(client, cluster, **overrides):
    now = timezone.now()
    data = browser_form_data(client, reverse(ADD))
    data.update(
        {
            "site": str(cluster["fgw"].pk),
            "kind": ConsultationKind.SOLICITATION,
            "title": "关于示范市停车管理办法的意见征集",
            "slug": "parking",
            "description": "征求社会公众意见。",
            "organizer": "示范市发展和改革委员会",
            "starts_at": _local(now - timedelta(days=1)),
            "ends_at": _local(now + timedelta(days=10)),
            "is_published": "on",
        }
    )
    data.update(overrides)
    return data


def test_editor_creates_solicitation_with_draft_and_attachment(client, cluster):
    client.force_login(cluster["fgw-editor"])
    draft = make_document(cluster["fgw"])
    attachment = make_document(cluster["fgw"], title="起草说明")
    data = _base_data(client, cluster, draft=str(draft.pk))
    _add_row(data, "attachments", 0, document=str(attachment.pk))
    response = client.post(reverse(ADD), data, **HOST)
    assert response.status_code == 302, page_errors(response.content.decode())
    consultation = Consultation.objects.get(slug="parking")
    assert consultation.site == cluster["fgw"]
    assert consultation.draft == draft
    assert [a.document for a in consultation.attachments.all()] == [attachment]


def test_editor_creates_survey_with_nested_question_options(client, cluster):
    client.force_login(cluster["fgw-editor"])
    data = _base_data(client, cluster, kind=ConsultationKind.SURVEY, slug="bus")
    _add_row(data, "questions", 0, text="您的出行方式", kind="single", required="on")
    data.update(
        {
            "questions-0-options-INITIAL_FORMS": "0",
            "questions-0-options-MIN_NUM_FORMS": "0",
            "questions-0-options-MAX_NUM_FORMS": "1000",
        }
    )
    _add_row(data, "questions-0-options", 0, text="公交")
    _add_row(data, "questions-0-options", 1, text="地铁")
    response = client.post(reverse(ADD), data, **HOST)
    assert response.status_code == 302, page_errors(response.content.decode())
    survey = Consultation.objects.get(slug="bus")
    (question,) = survey.questions.all()
    assert [o.text for o in question.options.all()] == ["公交", "地铁"]


def test_survey_choice_question_needs_two_options(client, cluster):
    client.force_login(cluster["fgw-editor"])
    data = _base_data(client, cluster, kind=ConsultationKind.SURVEY, slug="bus")
    _add_row(data, "questions", 0, text="您的出行方式", kind="single", required="on")
    data.update(
        {
            "questions-0-options-TOTAL_FORMS": "0",
            "questions-0-options-INITIAL_FORMS": "0",
            "questions-0-options-MIN_NUM_FORMS": "0",
            "questions-0-options-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(reverse(ADD), data, **HOST)
    assert response.status_code == 200
    assert "至少需要两个选项" in response.content.decode()
    assert not Consultation.objects.exists()


def test_end_before_start_is_refused_in_chinese(client, cluster):
    client.force_login(cluster["fgw-editor"])
    now = timezone.now()
    data = _base_data(
        client,
        cluster,
        starts_at=_local(now + timedelta(days=2)),
        ends_at=_local(now + timedelta(days=1)),
    )
    response = client.post(reverse(ADD), data, **HOST)
    assert response.status_code == 200
    assert "截止时间应晚于开始时间" in " ".join(page_errors(response.content.decode()))
    assert not Consultation.objects.exists()


def test_editor_cannot_create_for_another_site_or_attach_its_file(client, cluster):
    client.force_login(cluster["fgw-editor"])
    response = client.post(
        reverse(ADD), _base_data(client, cluster, site=str(cluster["jyj"].pk)), **HOST
    )
    assert response.status_code == 200
    foreign = make_document(cluster["jyj"], title="教育局文件")
    response = client.post(
        reverse(ADD), _base_data(client, cluster, draft=str(foreign.pk)), **HOST
    )
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def test_edit_and_resave_unchanged_keeps_questions(client, cluster):
    survey = make_survey(cluster["fgw"])
    client.force_login(cluster["fgw-editor"])
    url = reverse("interaction_consultation:edit", args=[survey.pk])
    data = browser_form_data(client, url, title="公共交通满意度调查（修订）")
    response = client.post(url, data, **HOST)
    assert response.status_code == 302, page_errors(response.content.decode())
    survey.refresh_from_db()
    assert survey.title == "公共交通满意度调查（修订）"
    # Re-save what the page shows, unchanged.
    response = client.post(url, browser_form_data(client, url), **HOST)
    assert response.status_code == 302, page_errors(response.content.decode())
    survey.refresh_from_db()
    assert survey.title == "公共交通满意度调查（修订）"
    assert survey.questions.count() == 3
    assert SurveyOption.objects.filter(question__consultation=survey).count() == 6


def test_other_sites_editor_sees_nothing(client, cluster):
    consultation = make_consultation(cluster["fgw"])
    client.force_login(cluster["jyj-editor"])
    index = client.get(reverse("interaction_consultation:index"), **HOST)
    assert index.status_code == 200
    assert consultation.title not in index.content.decode()
    for name in ("edit", "inspect", "comments"):
        url = reverse(f"interaction_consultation:{name}", args=[consultation.pk])
        assert client.get(url, **HOST).status_code == 404, name
    feedback = reverse("interaction_consultation:feedback", args=[consultation.pk])
    assert client.post(feedback, {"feedback": "x"}, **HOST).status_code == 404


def test_auditor_reads_but_cannot_change(client, cluster):
    consultation = make_consultation(
        cluster["fgw"], ends_at=timezone.now() - timedelta(days=1)
    )
    comment = ConsultationComment.objects.create(
        consultation=consultation, content="建议延长", submitted_at=timezone.now()
    )
    client.force_login(cluster["auditor"])
    index = client.get(reverse("interaction_consultation:index"), **HOST)
    assert consultation.title in index.content.decode()
    inspect = reverse("interaction_consultation:inspect", args=[consultation.pk])
    assert client.get(inspect, **HOST).status_code == 200
    edit = reverse("interaction_consultation:edit", args=[consultation.pk])
    assert _refused(client.get(edit, **HOST))
    comments = reverse("interaction_consultation:comments", args=[consultation.pk])
    assert "建议延长" in client.get(comments, **HOST).content.decode()
    response = client.post(
        comments, {"comment": comment.pk, "moderation": Moderation.APPROVED}, **HOST
    )
    assert _refused(response)
    feedback = reverse("interaction_consultation:feedback", args=[consultation.pk])
    assert _refused(client.post(feedback, {"feedback": "采纳"}, **HOST))
    comment.refresh_from_db()
    consultation.refresh_from_db()
    assert comment.moderation == Moderation.PENDING
    assert consultation.feedback_published_at is None


def test_editor_moderates_comments(client, cluster):
    consultation = make_consultation(cluster["fgw"])
    comment = ConsultationComment.objects.create(
        consultation=consultation, content="建议增加车位", submitted_at=timezone.now()
    )
    client.force_login(cluster["fgw-editor"])
    url = reverse("interaction_consultation:comments", args=[consultation.pk])
    response = client.post(
        url, {"comment": comment.pk, "moderation": Moderation.APPROVED}, **HOST
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation == Moderation.APPROVED


def test_feedback_refused_before_end_then_published_after(client, cluster):
    consultation = make_consultation(cluster["fgw"])
    client.force_login(cluster["fgw-editor"])
    url = reverse("interaction_consultation:feedback", args=[consultation.pk])
    response = client.post(url, {"feedback": "采纳了3条意见。"}, **HOST)
    assert response.status_code == 200
    assert "征集尚未结束，不能公布采纳情况反馈" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.feedback == ""
    assert consultation.feedback_published_at is None

    consultation.ends_at = timezone.now() - timedelta(hours=1)
    consultation.save()
    response = client.post(url, {"feedback": "采纳了3条意见。"}, **HOST)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.feedback == "采纳了3条意见。"
    assert consultation.feedback_published_at is not None


def test_office_overdue_list(client, cluster, settings):
    settings.INTERACTION_FEEDBACK_DAYS = 0
    now = timezone.now()
    overdue = make_consultation(
        cluster["jyj"],
        title="供水价格调整方案意见征集",
        ends_at=now - timedelta(days=2),
    )
    make_consultation(
        cluster["fgw"],
        title="已反馈的征集",
        slug="done",
        ends_at=now - timedelta(days=3),
        feedback="已采纳",
        feedback_published_at=now,
    )
    make_consultation(cluster["fgw"], title="仍在征集的征集", slug="running")
    login_verified(client, cluster["office"])
    url = reverse("interaction_consultation:overdue")
    html = client.get(url, **HOST).content.decode()
    assert overdue.title in html
    assert "已反馈的征集" not in html
    assert "仍在征集的征集" not in html
    # The default grace period: 15 working days after the end.
    settings.INTERACTION_FEEDBACK_DAYS = 15
    assert overdue.title not in client.get(url, **HOST).content.decode()
    # Another site's editor does not see it.
    settings.INTERACTION_FEEDBACK_DAYS = 0
    client.force_login(cluster["fgw-editor"])
    assert overdue.title not in client.get(url, **HOST).content.decode()
