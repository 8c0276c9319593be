"""Reads for the public message form and the query-code page.

Counts for the anti-spam limits come from the messages themselves
(``submitter_ip``, ``contact_phone``, ``content_digest``): they hold in every
process and survive restarts, unlike a per-process cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from core.detectors import mask_personal_data
from core.detectors.base import mask_middle
from core.selectors import active_sensitive_words
from interaction.choices import MessageStatus
from interaction.models import Channel, Message


def open_channel(*, site, slug: str) -> Channel | None:
    """The site's channel accepting messages under ``slug`` (never another site's)."""
    return Channel.objects.filter(site=site, slug=slug, is_active=True).first()


def messages_from_address(*, address: str, since: datetime) -> int:
    if not address:
        return 0
    return Message.objects.filter(submitter_ip=address, received_at__gte=since).count()


def messages_from_phone(*, phone: str, since: datetime) -> int:
    if not phone:
        return 0
    return Message.objects.filter(contact_phone=phone, received_at__gte=since).count()


def is_duplicate(*, digest: str, address: str, phone: str, since: datetime) -> bool:
    """The same text sent from the same address or phone since ``since``."""
    sender = Q()
    if address:
        sender |= Q(submitter_ip=address)
    if phone:
        sender |= Q(contact_phone=phone)
    if not sender:
        return False
    return (
        Message.objects.filter(content_digest=digest, received_at__gte=since)
        .filter(sender)
        .exists()
    )


def sensitive_words() -> list[str]:
    """The office's list, the one the publish gate blocks on."""
    return active_sensitive_words()


def message_for_code(*, site, code: str) -> Message | None:
    """The site's message with this query code; another site's stays invisible."""
    return (
        Message.objects.filter(site=site, query_code=code)
        .select_related("channel")
        .first()
    )


def mask_name(name: str) -> str:
    """``张*``, ``欧阳**``: only the first character (the family name) shows."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    """``138****5678``; fixed lines keep their area code and last four digits."""
    if not phone:
        return ""
    digits = phone.replace("-", "")
    keep_start = 3 if digits.startswith("1") else len(phone.split("-")[0])
    return mask_middle(digits, keep_start=keep_start, keep_end=4)


def mask_email(email: str) -> str:
    """``z***@example.com``: the domain shows, the mailbox does not."""
    if "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    return f"{local[:1]}***@{domain}"


@dataclass(frozen=True)
class TrackedMessage:
    """What the query-code page shows: personal data masked everywhere."""

    channel_name: str
    title: str
    content: str
    status: str
    status_label: str
    received_at: datetime
    due_date: date
    contact_name: str
    contact_phone: str
    contact_email: str
    is_answered: bool
    answer: str
    answer_department: str
    answered_at: datetime | None


def tracked(message: Message) -> TrackedMessage:
    answered = message.status == MessageStatus.ANSWERED
    return TrackedMessage(
        channel_name=message.channel.name,
        title=mask_personal_data(message.title),
        content=mask_personal_data(message.content),
        status=message.status,
        status_label=message.get_status_display(),
        received_at=message.received_at,
        due_date=message.due_date,
        contact_name=mask_name(message.contact_name),
        contact_phone=mask_phone(message.contact_phone),
        contact_email=mask_email(message.contact_email),
        is_answered=answered,
        # The reply shows only once reviewed (已答复), never a draft.
        answer=mask_personal_data(message.answer) if answered else "",
        answer_department=message.answer_department if answered else "",
        answered_at=message.answered_at if answered else None,
    )
