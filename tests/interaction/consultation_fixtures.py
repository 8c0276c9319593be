"""Sites, users and consultations for the consultation tests."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from interaction.choices import ConsultationKind, QuestionKind
from interaction.models import Consultation, SurveyOption, SurveyQuestion
from site_registry import roles
from tests.site_registry.factories import open_city


def make_cluster(django_user_model) -> dict:
    city, fgw, jyj = open_city()
    users = {}
    for name, group in (
        ("fgw-editor", fgw.editors_group),
        ("jyj-editor", jyj.editors_group),
        ("auditor", Group.objects.get(name=roles.AUDITOR_GROUP)),
        ("office", Group.objects.get(name=roles.OFFICE_GROUP)),
    ):
        user = django_user_model.objects.create_user(name, password="pw-12345-abc")
        user.groups.add(group)
        users[name] = user
    return {"city": city, "fgw": fgw, "jyj": jyj, **users}


def make_document(profile, title="征求意见稿"):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile("征求意见稿全文".encode(), name="draft.txt"),
        collection=profile.collection,
    )


def make_consultation(site, *, kind=ConsultationKind.SOLICITATION, **extra):
    now = timezone.now()
    values = {
        "title": "关于示范市停车管理办法的意见征集",
        "slug": "parking",
        "description": "现将办法全文公布，征求社会公众意见。",
        "organizer": "示范市发展和改革委员会",
        "starts_at": now - timedelta(days=2),
        "ends_at": now + timedelta(days=5),
        "is_published": True,
        **extra,
    }
    return Consultation.objects.create(site=site, kind=kind, **values)


def make_survey(site, **extra):
    survey = make_consultation(
        site,
        kind=ConsultationKind.SURVEY,
        title="公共交通满意度调查",
        slug="bus",
        **extra,
    )
    single = SurveyQuestion.objects.create(
        consultation=survey, text="您的出行方式", kind=QuestionKind.SINGLE, sort_order=0
    )
    for i, text in enumerate(["公交", "地铁", "自驾"]):
        SurveyOption.objects.create(question=single, text=text, sort_order=i)
    multiple = SurveyQuestion.objects.create(
        consultation=survey,
        text="希望改进的方面",
        kind=QuestionKind.MULTIPLE,
        required=False,
        sort_order=1,
    )
    for i, text in enumerate(["班次", "票价", "站点"]):
        SurveyOption.objects.create(question=multiple, text=text, sort_order=i)
    SurveyQuestion.objects.create(
        consultation=survey,
        text="其他建议",
        kind=QuestionKind.TEXT,
        required=False,
        sort_order=2,
    )
    return survey
