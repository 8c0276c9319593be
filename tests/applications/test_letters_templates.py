"""Letter templates: the defaults, an organ's own wording, safe placeholders."""

from __future__ import annotations

from io import StringIO

import pytest

from applications.choices import LetterKind, ReplyType
from applications.models import LetterTemplate
from applications.selectors.letter_templates import (
    has_remedies,
    render_template,
    template_errors,
    template_for,
)
from applications.services.letters import restore_default_templates
from tests.applications.factories import make_application, make_office

pytestmark = pytest.mark.django_db

ALL_KINDS = [(kind, "") for kind in LetterKind if kind != LetterKind.REPLY] + [
    (LetterKind.REPLY, reply_type) for reply_type in ReplyType
]


def test_the_migration_loads_one_default_per_kind_and_reply_type():
    defaults = LetterTemplate.objects.filter(organization=None)
    assert {(t.kind, t.reply_type) for t in defaults} == set(ALL_KINDS)
    assert defaults.count() == len(ALL_KINDS) == 12


@pytest.mark.parametrize(("kind", "reply_type"), ALL_KINDS)
def test_every_default_renders_with_organ_legal_basis_and_remedies(kind, reply_type):
    office = make_office(name="示范市人民政府办公室")
    application = make_application(office.organization, info_title="2025年财政预算")
    template = template_for(office.organization, kind, reply_type)
    assert template.organization is None

    title, body = render_template(template, application)

    assert title == template.title
    assert office.organization.name in body
    assert "《中华人民共和国政府信息公开条例》" in template.legal_basis
    assert template.legal_basis in body
    assert "自收到本告知书之日起六十日内" in body and "六个月内" in body
    assert has_remedies(body)
    assert "{" not in body  # every placeholder was replaced
    if kind != LetterKind.THIRD_PARTY:
        assert body.startswith(f"{application.name}：")
    else:
        assert application.name not in body  # the third party never learns who asked


def test_reply_legal_basis_names_the_article_of_each_reply_type():
    bases = {
        reply_type: template_for(None, LetterKind.REPLY, reply_type).legal_basis
        for reply_type in ReplyType
    }
    assert bases[ReplyType.ALREADY_PUBLIC].endswith("第三十六条第（一）项")
    assert bases[ReplyType.OTHER_ROUTE].endswith("第三十六条第（七）项")
    assert bases[ReplyType.PARTIAL].endswith("第三十七条")
    assert template_for(None, LetterKind.CORRECTION).legal_basis.endswith("第三十条")
    assert "第四十二条" in template_for(None, LetterKind.FEE).legal_basis


def test_an_organs_own_template_wins_over_the_default_for_that_organ_only():
    office, other = make_office(), make_office()
    own = LetterTemplate.objects.create(
        organization=office.organization,
        kind=LetterKind.REPLY,
        reply_type=ReplyType.NOT_EXIST,
        title="本局答复书",
        body="{申请人}：经查无此信息。可在六十日内申请行政复议或六个月内提起行政诉讼。",
    )
    assert (
        template_for(office.organization, LetterKind.REPLY, ReplyType.NOT_EXIST) == own
    )
    fallback = template_for(other.organization, LetterKind.REPLY, ReplyType.NOT_EXIST)
    assert fallback.organization is None
    # Another reply type of the same organ still uses the default.
    assert (
        template_for(
            office.organization, LetterKind.REPLY, ReplyType.REPEAT
        ).organization
        is None
    )


def test_unknown_placeholders_are_refused_with_a_chinese_message():
    errors = template_errors(
        kind=LetterKind.CORRECTION,
        reply_type="",
        title="{标题}",
        body="{申请人}：请补正{身份证号}。{{ application.id_number }}",
        legal_basis="",
    )
    assert "未知的占位符：{标题}" in errors["title"]
    assert "{身份证号}" in errors["body"] and "可用的占位符" in errors["body"]


def test_a_reply_template_must_keep_the_remedies_sentence():
    errors = template_errors(
        kind=LetterKind.REPLY,
        reply_type=ReplyType.DISCLOSED,
        title="答复",
        body="{申请人}：予以公开。",
        legal_basis="",
    )
    assert "救济途径" in errors["body"]
    assert "reply_type" in template_errors(
        kind=LetterKind.REPLY, reply_type="", title="t", body="b", legal_basis=""
    )


def test_values_are_substituted_once_never_interpreted():
    office = make_office()
    application = make_application(
        office.organization, name="{登记编号}<script>", info_title="{{ secret }}"
    )
    _title, body = render_template(
        template_for(None, LetterKind.REPLY, ReplyType.NOT_EXIST), application
    )
    assert body.startswith("{登记编号}<script>：")
    assert "“{{ secret }}”" in body


def test_missing_values_become_blanks_to_fill_in():
    office = make_office()
    application = make_application(office.organization)  # no extension yet
    _title, body = render_template(
        template_for(None, LetterKind.EXTENSION), application
    )
    assert "【待填写：延期答复的理由】" in body
    assert "【待填写：延长的工作日数】" in body


def test_restore_puts_back_the_shipped_defaults_and_keeps_organs_templates():
    office = make_office()
    default = template_for(None, LetterKind.FEE)
    shipped = default.body
    LetterTemplate.objects.filter(pk=default.pk).update(body="改坏了")
    own = LetterTemplate.objects.create(
        organization=office.organization, kind=LetterKind.FEE, title="本机关", body="x"
    )
    assert restore_default_templates() == 12
    assert template_for(None, LetterKind.FEE).body == shipped
    assert LetterTemplate.objects.get(pk=own.pk).body == "x"


def test_a_deleted_default_falls_back_to_the_shipped_wording():
    LetterTemplate.objects.filter(
        organization=None, kind=LetterKind.CORRECTION
    ).delete()
    template = template_for(None, LetterKind.CORRECTION)
    assert template.pk is None and "第三十条" in template.legal_basis


def test_the_restore_command_resets_the_defaults():
    from django.core.management import call_command

    LetterTemplate.objects.filter(organization=None).update(title="改坏了")
    call_command("restore_letter_templates", stdout=StringIO())
    assert not LetterTemplate.objects.filter(title="改坏了").exists()
