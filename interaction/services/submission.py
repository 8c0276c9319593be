"""Receiving a citizen's message from the public form, and the query-code lookup.

The form (``interaction.forms``) has checked each field; here the rules that
read the database: per-address and per-phone limits, duplicates, the office's
sensitive-word list. Refusals are ``ValidationError`` with Chinese messages,
raised before anything is written.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.detectors import sensitive_words as sensitive_word_detector
from hardening import throttle
from interaction.choices import MessageAction, MessageStatus
from interaction.models import Channel, Message, MessageEvent
from interaction.rules import due_date_for, new_query_code
from interaction.selectors import submission as selectors
from interaction.signals import message_changed

logger = logging.getLogger(__name__)

# A collision among 31^10 codes is rare; a few tries make it vanishingly so.
QUERY_CODE_ATTEMPTS = 5
TRACK_FAILURE_PREFIX = "interaction:track-failures"
TRACK_WINDOW_SECONDS = 3600


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def normalise(text: str) -> str:
    """The text with width, case and all whitespace normalised away."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def content_digest(text: str) -> str:
    """SHA-256 of the normalised text: a message re-sent with other spacing or
    full-width letters is still the same message."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def check_submission(
    *, title: str, content: str, phone: str, address: str, now: datetime
) -> str:
    """Raise ``ValidationError`` when the message may not be received; return
    the content digest otherwise."""
    hour_ago = now - timedelta(hours=1)
    if selectors.messages_from_address(address=address, since=hour_ago) >= _setting(
        "INTERACTION_SUBMISSIONS_PER_ADDRESS_PER_HOUR", 5
    ):
        raise ValidationError(
            _("提交过于频繁，请一小时后再试。"), code="address_rate_limit"
        )
    if selectors.messages_from_phone(
        phone=phone, since=now - timedelta(days=1)
    ) >= _setting("INTERACTION_SUBMISSIONS_PER_PHONE_PER_DAY", 3):
        raise ValidationError(
            _("该联系电话今日提交的留言已达上限，请明天再试。"),
            code="phone_rate_limit",
        )
    digest = content_digest(content)
    window = timedelta(hours=_setting("INTERACTION_DUPLICATE_HOURS", 24))
    if selectors.is_duplicate(
        digest=digest, address=address, phone=phone, since=now - window
    ):
        raise ValidationError(
            _("您已提交过相同内容的留言，请勿重复提交；可凭查询码查询办理情况。"),
            code="duplicate",
        )
    words = selectors.sensitive_words()
    for field, text in (("title", title), ("content", content)):
        # Also without spaces: "内部 资料" must not slip past the list.
        findings = sensitive_word_detector.find(
            text, words
        ) or sensitive_word_detector.find(normalise(text), words)
        if findings:
            raise ValidationError(
                {
                    field: ValidationError(
                        _("含有不允许提交的词语“%(word)s”，请删除后再提交。"),
                        code="sensitive_word",
                        params={"word": findings[0].value},
                    )
                }
            )
    return digest


def submit_message(
    *, channel: Channel, data: dict, address: str, now: datetime | None = None
) -> Message:
    """Receive a message (state 待分办) with its query code and due date.

    ``data`` is a ``MessageForm``'s cleaned data. Nothing is written when a
    check refuses it. ``message_changed`` is sent after the commit.
    """
    now = now or timezone.now()
    digest = check_submission(
        title=data["title"],
        content=data["content"],
        phone=data["contact_phone"],
        address=address,
        now=now,
    )
    message = Message(
        site=channel.site,
        channel=channel,
        title=data["title"],
        content=data["content"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        wants_public=data["wants_public"],
        status=MessageStatus.RECEIVED,
        received_at=now,
        due_date=due_date_for(now, channel.answer_days),
        submitter_ip=address or None,
        content_digest=digest,
    )
    with transaction.atomic():
        _save_with_new_code(message)
        MessageEvent.objects.create(
            message=message,
            action=MessageAction.SUBMITTED,
            at=now,
            to_status=MessageStatus.RECEIVED,
        )
        transaction.on_commit(
            lambda: message_changed.send(
                sender=Message, message=message, action=MessageAction.SUBMITTED
            )
        )
    return message


def _save_with_new_code(message: Message) -> None:
    for attempt in range(QUERY_CODE_ATTEMPTS):
        message.query_code = new_query_code()
        try:
            # A savepoint: the collision must not break the outer transaction.
            with transaction.atomic():
                message.save()
            return
        except IntegrityError:
            if attempt == QUERY_CODE_ATTEMPTS - 1:
                raise
            logger.warning("Query code collision, drawing another")


def track_message(*, site, code: str, address: str) -> Message | None:
    """The site's message for ``code``; ``None`` when there is none.

    Failed lookups are counted per address: after the limit every lookup is
    refused for the hour, right code or not, so codes cannot be enumerated.
    """
    key = throttle.key_for(TRACK_FAILURE_PREFIX, address)
    limit = _setting("INTERACTION_TRACK_FAILURES_PER_HOUR", 10)
    if throttle.limit_reached(key, limit=limit):
        raise ValidationError(
            _("查询失败次数过多，请一小时后再试。"), code="track_rate_limit"
        )
    message = selectors.message_for_code(site=site, code=code)
    if message is None:
        throttle.count_hit(key, window_seconds=TRACK_WINDOW_SECONDS)
    return message
