"""Issuing letters, recording delivery, and the DOCX/PDF files."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from applications.choices import Action, DeliveryMethod, LetterKind, ReplyType
from applications.models import ApplicationEvent, Letter
from applications.services.letters import (
    LetterFontMissing,
    LetterRefused,
    docx_bytes,
    draft_letter,
    issue_letter,
    pdf_bytes,
    record_delivery,
)
from tests.applications.factories import make_application, make_office, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    office = make_office(name="示范市人民政府办公室")
    clerk = make_user(office=office)
    application = make_application(
        office.organization, name="李四", info_title="示范市2025年财政预算"
    )
    return office, clerk, application


def test_issue_freezes_the_rendered_text_and_logs_it(case):
    _office, clerk, application = case
    letter = issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )
    assert letter.title == "政府信息公开申请答复告知书"
    assert letter.body.startswith("李四：")
    assert "第三十六条第（四）项" in letter.body
    assert letter.issued_by == clerk
    event = ApplicationEvent.objects.get(application=application, action=Action.LETTER)
    assert event.actor == clerk and event.note == letter.title
    # Later template edits do not touch an issued letter.
    from applications.models import LetterTemplate

    LetterTemplate.objects.filter(organization=None).update(body="改了")
    letter.refresh_from_db()
    assert "第三十六条第（四）项" in letter.body


def test_staff_edit_the_text_before_issuing(case):
    _office, clerk, application = case
    _title, draft = draft_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.PARTIAL
    )
    edited = draft.replace(
        "【待填写：不予公开部分的内容、理由及所依据的条款】",
        "第3页涉及个人隐私，已作删除",
    )
    letter = issue_letter(
        application,
        kind=LetterKind.REPLY,
        reply_type=ReplyType.PARTIAL,
        body=edited,
        user=clerk,
    )
    assert "第3页涉及个人隐私" in letter.body
    assert letter.reply_type == ReplyType.PARTIAL


def test_blanks_left_unfilled_are_refused(case):
    _office, clerk, application = case
    with pytest.raises(LetterRefused, match="待填写"):
        issue_letter(
            application, kind=LetterKind.REPLY, reply_type=ReplyType.PARTIAL, user=clerk
        )
    assert not Letter.objects.exists()


def test_the_remedies_sentence_cannot_be_removed_from_a_reply(case):
    _office, clerk, application = case
    _title, draft = draft_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST
    )
    without = "\n".join(line for line in draft.splitlines() if "行政复议" not in line)
    with pytest.raises(LetterRefused, match="救济途径"):
        issue_letter(
            application,
            kind=LetterKind.REPLY,
            reply_type=ReplyType.NOT_EXIST,
            body=without,
            user=clerk,
        )
    assert not Letter.objects.exists()
    assert not ApplicationEvent.objects.filter(action=Action.LETTER).exists()


def test_other_organs_staff_and_wrong_reply_types_are_refused(case):
    _office, _clerk, application = case
    stranger = make_user(office=make_office())
    with pytest.raises(LetterRefused, match="无权"):
        issue_letter(
            application,
            kind=LetterKind.REPLY,
            reply_type=ReplyType.NOT_EXIST,
            user=stranger,
        )
    application.reply_type = ReplyType.DISCLOSED
    application.save()
    with pytest.raises(LetterRefused, match="不一致"):
        issue_letter(
            application,
            kind=LetterKind.REPLY,
            reply_type=ReplyType.NOT_EXIST,
            user=_clerk,
        )
    with pytest.raises(LetterRefused, match="答复类型"):
        issue_letter(application, kind=LetterKind.REPLY, user=_clerk)


def _reply(case):
    _office, clerk, application = case
    return issue_letter(
        application, kind=LetterKind.REPLY, reply_type=ReplyType.NOT_EXIST, user=clerk
    )


def test_delivery_is_recorded_on_the_letter_and_the_application(case):
    _office, clerk, application = case
    letter = _reply(case)
    today = timezone.localdate()
    record_delivery(
        letter, method=DeliveryMethod.CHINA_POST, delivered_on=today, user=clerk
    )
    letter.refresh_from_db()
    application.refresh_from_db()
    assert (letter.delivery_method, letter.delivered_on) == ("china_post", today)
    assert (application.delivery_method, application.delivered_on) == (
        "china_post",
        today,
    )
    event = ApplicationEvent.objects.get(action=Action.DELIVERED)
    assert event.actor == clerk and "中国邮政" in event.note
    with pytest.raises(LetterRefused, match="已登记送达"):
        record_delivery(
            letter, method=DeliveryMethod.IN_PERSON, delivered_on=today, user=clerk
        )


def test_delivery_date_may_be_neither_before_issue_nor_in_the_future(case):
    _office, clerk, _application = case
    letter = _reply(case)
    issued_on = timezone.localdate(letter.issued_at)
    with pytest.raises(LetterRefused, match="不能早于"):
        record_delivery(
            letter,
            method=DeliveryMethod.IN_PERSON,
            delivered_on=issued_on - timedelta(days=1),
            user=clerk,
        )
    with pytest.raises(LetterRefused, match="不能晚于今天"):
        record_delivery(
            letter,
            method=DeliveryMethod.IN_PERSON,
            delivered_on=timezone.localdate() + timedelta(days=1),
            user=clerk,
        )
    with pytest.raises(LetterRefused, match="送达方式"):
        record_delivery(letter, method="courier", delivered_on=issued_on, user=clerk)
    letter.refresh_from_db()
    assert letter.delivered_on is None
    assert not ApplicationEvent.objects.filter(action=Action.DELIVERED).exists()


def test_delivering_a_notice_leaves_the_applications_delivery_alone(case):
    _office, clerk, application = case
    application.correction_due = date(2026, 3, 20)
    application.save()
    _title, draft = draft_letter(application, kind=LetterKind.CORRECTION)
    notice = issue_letter(
        application,
        kind=LetterKind.CORRECTION,
        body=draft.replace("【待填写：需要补正的事项及补正要求】", "所需文件的名称"),
        user=clerk,
    )
    record_delivery(
        notice,
        method=DeliveryMethod.IN_PERSON,
        delivered_on=timezone.localdate(),
        user=clerk,
    )
    application.refresh_from_db()
    assert application.delivered_on is None


def test_docx_opens_and_carries_the_text_with_east_asian_fonts(case):
    from docx import Document
    from docx.oxml.ns import qn

    letter = _reply(case)
    document = Document(io.BytesIO(docx_bytes(letter)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "政府信息公开申请答复告知书"
    assert texts[1] == f"登记编号：{letter.application.registration_number}"
    assert "李四：" in texts
    assert any("本机关未制作或者获取" in text for text in texts)
    assert any("六十日内" in text for text in texts)
    assert letter.application.organization.name in texts[-2:]
    issued = timezone.localdate(letter.issued_at)
    assert texts[-1] == f"{issued.year}年{issued.month}月{issued.day}日"
    fonts = {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        for p in document.paragraphs
        for run in p.runs
    }
    assert fonts == {"仿宋", "宋体"}
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer


def test_pdf_embeds_the_cjk_font_and_its_text_extracts_as_chinese(case):
    from pypdf import PdfReader

    letter = _reply(case)
    reader = PdfReader(io.BytesIO(pdf_bytes(letter)))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    assert "政府信息公开申请答复告知书" in compact
    assert "本机关未制作或者获取您申请获取的政府信息" in compact
    assert "自收到本告知书之日起六个月内依法向人民法院提起行政诉讼" in compact
    assert letter.application.organization.name in compact
    assert "— 1 —" in text  # the page number

    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor and "/FontFile2" in descriptor.get_object():
                embedded.append(str(target["/BaseFont"]))
    assert embedded and all("WenQuanYiZenHei" in name for name in embedded)


def test_a_missing_font_is_a_clear_error(case, settings):
    settings.APPLICATIONS_LETTER_FONT = "/nonexistent/font.ttc"
    letter = _reply(case)
    with pytest.raises(LetterFontMissing, match="make fonts"):
        pdf_bytes(letter)
