"""Public consultation pages on each site's own host: comments, surveys, results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.choices import Moderation
from interaction.models import (
    ConsultationAttachment,
    ConsultationComment,
    SurveyAnswer,
    SurveyResponse,
)
from tests.interaction.consultation_fixtures import (
    make_cluster,
    make_consultation,
    make_document,
    make_survey,
)

pytestmark = pytest.mark.django_db

FGW = {"HTTP_HOST": "fgw.city.localhost"}
JYJ = {"HTTP_HOST": "jyj.city.localhost"}


@pytest.fixture
def cluster(django_user_model):
    return make_cluster(django_user_model)


def _detail(slug):
    return reverse("interaction:consultation_detail", args=[slug])


def _comment(client, slug, ip="203.0.113.5", **data):
    values = {"name": "张三", "contact": "13800000000", "content": "建议增加车位。"}
    values.update(data)
    return client.post(_detail(slug), values, REMOTE_ADDR=ip, **FGW)


def test_list_shows_own_sites_published_open_and_closed(client, cluster):
    now = timezone.now()
    make_consultation(cluster["fgw"], title="正在进行的停车征集")
    make_consultation(
        cluster["fgw"],
        title="已结束的供水征集",
        slug="water",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=10),
    )
    make_consultation(
        cluster["fgw"], title="未发布的征集", slug="hidden", is_published=False
    )
    make_consultation(cluster["jyj"], title="教育局的征集", slug="school")
    html = client.get(reverse("interaction:consultation_list"), **FGW).content.decode()
    open_part, closed_part = html.split('id="closed-heading"')
    assert "正在进行的停车征集" in open_part
    assert "已结束的供水征集" in closed_part
    assert "未发布的征集" not in html
    assert "教育局的征集" not in html


def test_other_sites_consultation_is_404_on_this_host(client, cluster):
    make_consultation(cluster["jyj"], slug="school")
    assert client.get(_detail("school"), **FGW).status_code == 404
    assert client.get(_detail("school"), **JYJ).status_code == 200
    response = client.post(_detail("school"), {"content": "意见"}, **FGW)
    assert response.status_code == 404
    assert not ConsultationComment.objects.exists()


def test_detail_shows_draft_attachments_approved_comments_and_feedback(client, cluster):
    draft = make_document(cluster["fgw"], title="停车管理办法（征求意见稿）")
    consultation = make_consultation(cluster["fgw"], draft=draft)
    ConsultationAttachment.objects.create(
        consultation=consultation,
        document=make_document(cluster["fgw"], title="起草说明"),
    )
    for content, moderation in (
        ("已通过的意见", Moderation.APPROVED),
        ("待审核的意见", Moderation.PENDING),
        ("未通过的意见", Moderation.REJECTED),
    ):
        ConsultationComment.objects.create(
            consultation=consultation,
            content=content,
            moderation=moderation,
            submitted_at=timezone.now(),
        )
    html = client.get(_detail("parking"), **FGW).content.decode()
    assert "停车管理办法（征求意见稿）" in html
    assert "起草说明" in html
    assert "已通过的意见" in html
    assert "待审核的意见" not in html
    assert "未通过的意见" not in html
    assert 'name="content"' in html
    assert "采纳情况反馈" not in html

    consultation.ends_at = timezone.now() - timedelta(days=1)
    consultation.feedback = "共采纳意见5条。"
    consultation.feedback_published_at = timezone.now()
    consultation.save()
    html = client.get(_detail("parking"), **FGW).content.decode()
    assert "共采纳意见5条。" in html
    assert 'name="content"' not in html


def test_comment_is_stored_pending(client, cluster):
    make_consultation(cluster["fgw"])
    response = _comment(client, "parking")
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert comment.moderation == Moderation.PENDING
    assert comment.submitter_ip == "203.0.113.5"
    assert (
        "审核通过后将在本页显示"
        in client.get(response["Location"], **FGW).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"content": ""}, "请填写意见内容"),
        ({"content": "   "}, "请填写意见内容"),
        ({"content": "长" * 2001}, "意见内容不能超过2000个字"),
        ({"name": "名" * 51}, "姓名不能超过50个字"),
    ],
)
def test_bad_comment_gets_chinese_error_and_stores_nothing(
    client, cluster, data, message
):
    make_consultation(cluster["fgw"])
    response = _comment(client, "parking", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_honeypot_stores_nothing(client, cluster):
    make_consultation(cluster["fgw"])
    response = _comment(client, "parking", website="http://spam.example")
    assert response.status_code == 302
    assert not ConsultationComment.objects.exists()


def test_comments_rate_limited_per_address(client, cluster, settings):
    settings.INTERACTION_COMMENT_RATE = (2, 3600)
    make_consultation(cluster["fgw"])
    assert _comment(client, "parking").status_code == 302
    assert _comment(client, "parking").status_code == 302
    response = _comment(client, "parking")
    assert response.status_code == 400
    assert "提交过于频繁" in response.content.decode()
    assert _comment(client, "parking", ip="198.51.100.7").status_code == 302
    assert ConsultationComment.objects.count() == 3


def test_closed_consultation_has_no_form_and_refuses_posts(client, cluster):
    make_consultation(cluster["fgw"], ends_at=timezone.now() - timedelta(minutes=1))
    html = client.get(_detail("parking"), **FGW).content.decode()
    assert 'name="content"' not in html
    response = _comment(client, "parking")
    assert response.status_code == 403
    assert "本次征集已经结束，不再接受提交" in response.content.decode()
    assert not ConsultationComment.objects.exists()


# --- surveys ----------------------------------------------------------------


def _questions(survey):
    single, multiple, text = survey.questions.order_by("sort_order")
    return single, multiple, text


def _answer(client, survey, ip="203.0.113.5", **data):
    return client.post(_detail(survey.slug), data, REMOTE_ADDR=ip, **FGW)


def test_survey_answer_is_stored(client, cluster):
    survey = make_survey(cluster["fgw"])
    single, multiple, text = _questions(survey)
    bus = single.options.get(text="公交")
    fares, stops = multiple.options.filter(text__in=["票价", "站点"])
    response = client.post(
        _detail("bus"),
        {
            f"q{single.pk}": str(bus.pk),
            f"q{multiple.pk}": [str(fares.pk), str(stops.pk)],
            f"q{text.pk}": "增加夜班车",
        },
        REMOTE_ADDR="203.0.113.5",
        **FGW,
    )
    assert response.status_code == 302
    (stored,) = SurveyResponse.objects.all()
    answers = {a.question_id: a for a in stored.answers.all()}
    assert list(answers[single.pk].options.all()) == [bus]
    assert set(answers[multiple.pk].options.all()) == {fares, stops}
    assert answers[text.pk].text == "增加夜班车"


def test_survey_bad_input_gets_chinese_errors_and_stores_nothing(client, cluster):
    survey = make_survey(cluster["fgw"])
    single, multiple, _text = _questions(survey)
    other_question_option = multiple.options.first()
    cases = [
        ({}, "此题为必答题"),
        ({f"q{single.pk}": str(other_question_option.pk)}, "所选选项无效"),
        ({f"q{single.pk}": "abc"}, "所选选项无效"),
        (
            {f"q{single.pk}": [str(o.pk) for o in single.options.all()[:2]]},
            "此题只能选择一项",
        ),
    ]
    for data, message in cases:
        response = _answer(client, survey, **data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not SurveyResponse.objects.exists()
    assert not SurveyAnswer.objects.exists()


def test_survey_one_response_per_address(client, cluster):
    survey = make_survey(cluster["fgw"])
    single, _multiple, _text = _questions(survey)
    data = {f"q{single.pk}": str(single.options.first().pk)}
    assert _answer(client, survey, **data).status_code == 302
    response = _answer(client, survey, **data)
    assert response.status_code == 400
    assert "您已参与过本次调查" in response.content.decode()
    assert _answer(client, survey, ip="198.51.100.7", **data).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_closed_survey_refuses_answers(client, cluster):
    survey = make_survey(cluster["fgw"], ends_at=timezone.now() - timedelta(hours=1))
    single, _multiple, _text = _questions(survey)
    assert (
        f'name="q{single.pk}"' not in client.get(_detail("bus"), **FGW).content.decode()
    )
    response = _answer(
        client, survey, **{f"q{single.pk}": str(single.options.first().pk)}
    )
    assert response.status_code == 403
    assert "本次征集已经结束" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_results_counts_percentages_and_no_text_answers(client, cluster):
    survey = make_survey(cluster["fgw"])
    single, multiple, text = _questions(survey)
    bus, metro, _car = single.options.all()
    frequency, fares, _stops = multiple.options.all()
    for n, (choice, extras) in enumerate(
        [(bus, [frequency, fares]), (bus, [fares]), (bus, []), (metro, [fares])]
    ):
        _answer(
            client,
            survey,
            ip=f"203.0.113.{n + 1}",
            **{
                f"q{single.pk}": str(choice.pk),
                f"q{multiple.pk}": [str(o.pk) for o in extras],
                f"q{text.pk}": "不公开的文字回答",
            },
        )
    assert SurveyResponse.objects.count() == 4
    url = reverse("interaction:consultation_results", args=["bus"])
    html = client.get(url, **FGW).content.decode()
    assert "共收到 4 份答卷" in html
    # 公交 3 of 4 (75%), 地铁 1 (25%), 自驾 0; 票价 3 of the 3 who answered.
    assert '<th scope="row">公交</th><td>3</td><td>75%</td>' in html
    assert '<th scope="row">地铁</th><td>1</td><td>25%</td>' in html
    assert '<th scope="row">自驾</th><td>0</td><td>0%</td>' in html
    assert '<th scope="row">票价</th><td>3</td><td>100%</td>' in html
    assert '<th scope="row">班次</th><td>1</td><td>33%</td>' in html
    assert "不公开的文字回答" not in html
    assert "<script" not in html.split("<main", 1)[1]

    survey.results_public = False
    survey.save()
    assert client.get(url, **FGW).status_code == 404


def test_pages_work_in_english(client, cluster):
    make_consultation(cluster["fgw"])
    make_survey(cluster["fgw"])
    for path in ("", "parking/", "bus/", "bus/results/"):
        response = client.get(f"/en/interaction/consultations/{path}", **FGW)
        assert response.status_code == 200, path
        assert '<html lang="en"' in response.content.decode()
