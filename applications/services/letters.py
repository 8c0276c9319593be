"""Letters to applicants (告知书): issue from a template, record delivery.

The text is rendered from the organ's template (or the default), the staff may
edit it, and it is frozen on the Letter when issued; the DOCX and PDF are
rendered from the frozen text on each download (services.letter_files).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from applications.choices import Action, DeliveryMethod, LetterKind, ReplyType
from applications.models import Application, ApplicationEvent, Letter, LetterTemplate
from applications.selectors.access import can_handle
from applications.selectors.letter_templates import (
    default_template_rows,
    has_blanks,
    has_remedies,
    remedies_missing_message,
    render_template,
    template_for,
)
from applications.services.letter_files import (  # noqa: F401 - the public API
    LetterFontMissing,
    docx_bytes,
    pdf_bytes,
)

MAX_BODY_CHARS = 20_000


class LetterRefused(Exception):
    """A letter or delivery the rules do not allow; ``message`` is for staff."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_kind(application: Application, kind: str, reply_type: str) -> str:
    if kind not in LetterKind.values:
        raise LetterRefused(gettext("文书类型无效。"))
    if kind != LetterKind.REPLY:
        return ""
    if reply_type not in ReplyType.values:
        raise LetterRefused(gettext("答复告知书须选择答复类型。"))
    if application.reply_type and application.reply_type != reply_type:
        raise LetterRefused(
            gettext("答复类型与该申请已登记的答复类型“%(type)s”不一致。")
            % {"type": application.get_reply_type_display()}
        )
    return reply_type


def draft_letter(
    application: Application, *, kind: str, reply_type: str = ""
) -> tuple[str, str]:
    """(title, body) the issue form offers for editing."""
    reply_type = _check_kind(application, kind, reply_type)
    template = template_for(application.organization, kind, reply_type)
    if template is None:
        raise LetterRefused(gettext("没有该类文书的模板。"))
    return render_template(template, application)


def issue_letter(
    application: Application,
    *,
    kind: str,
    reply_type: str = "",
    body: str | None = None,
    user,
) -> Letter:
    """Freeze the letter's text (the template's, or ``body`` as the staff
    edited it) and log it. A reply letter must name the remedies."""
    if not can_handle(user, application):
        raise LetterRefused(gettext("您无权为该申请出具告知书。"))
    reply_type = _check_kind(application, kind, reply_type)
    title, drafted = draft_letter(application, kind=kind, reply_type=reply_type)
    text = drafted if body is None else body.replace("\r\n", "\n").strip()
    if not text:
        raise LetterRefused(gettext("告知书正文不能为空。"))
    if len(text) > MAX_BODY_CHARS:
        raise LetterRefused(
            gettext("告知书正文过长，上限为%(limit)d字。") % {"limit": MAX_BODY_CHARS}
        )
    if has_blanks(text):
        raise LetterRefused(
            gettext("正文中还有“【待填写】”的内容，请填写或删除后再出具。")
        )
    if kind == LetterKind.REPLY and not has_remedies(text):
        raise LetterRefused(remedies_missing_message())
    now = timezone.now()
    with transaction.atomic():
        letter = Letter.objects.create(
            application=application,
            kind=kind,
            reply_type=reply_type,
            title=title,
            body=text,
            issued_at=now,
            issued_by=user,
        )
        ApplicationEvent.objects.create(
            application=application,
            action=Action.LETTER,
            actor=user,
            at=now,
            from_status=application.status,
            to_status=application.status,
            note=letter.title,
        )
    return letter


def record_delivery(
    letter: Letter, *, method: str, delivered_on: date, user, today: date | None = None
) -> Letter:
    """Record how and when the letter was signed for (2016-235号). The reply
    letter's delivery is also the application's."""
    application = letter.application
    if not can_handle(user, application):
        raise LetterRefused(gettext("您无权登记该告知书的送达。"))
    if method not in DeliveryMethod.values:
        raise LetterRefused(gettext("送达方式无效。"))
    if letter.delivered_on is not None:
        raise LetterRefused(gettext("该告知书已登记送达，不能重复登记。"))
    today = today or timezone.localdate()
    issued_on = timezone.localdate(letter.issued_at)
    if delivered_on < issued_on:
        raise LetterRefused(
            gettext("签收日期不能早于告知书出具日期%(date)s。")
            % {"date": issued_on.isoformat()}
        )
    if delivered_on > today:
        raise LetterRefused(gettext("签收日期不能晚于今天。"))
    with transaction.atomic():
        letter.delivery_method = method
        letter.delivered_on = delivered_on
        letter.save(update_fields=["delivery_method", "delivered_on"])
        if letter.kind == LetterKind.REPLY:
            application.delivery_method = method
            application.delivered_on = delivered_on
            application.save(update_fields=["delivery_method", "delivered_on"])
        ApplicationEvent.objects.create(
            application=application,
            action=Action.DELIVERED,
            actor=user,
            at=timezone.now(),
            from_status=application.status,
            to_status=application.status,
            note=_delivery_note(letter, method, delivered_on),
        )
    return letter


def _delivery_note(letter: Letter, method: str, delivered_on: date) -> str:
    # The log keeps the note as written, in the platform's language (Chinese).
    with translation.override(settings.LANGUAGE_CODE):
        label = str(DeliveryMethod(method).label)
    return f"{letter.title}：{label}，{delivered_on.isoformat()}签收"


def restore_default_templates() -> int:
    """Reset the platform defaults to the shipped wording; organs' own
    templates are untouched. Returns how many defaults were written."""
    rows = default_template_rows()
    with transaction.atomic():
        for row in rows:
            LetterTemplate.objects.update_or_create(
                organization=None,
                kind=row["kind"],
                reply_type=row["reply_type"],
                defaults={
                    "title": row["title"],
                    "body": row["body"],
                    "legal_basis": row["legal_basis"],
                },
            )
    return len(rows)
