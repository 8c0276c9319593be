"""Channels and messages for the listing tests (written straight to the rows:
the services that publish them belong to other parts of the platform)."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from interaction.choices import ChannelKind, MessageStatus
from interaction.models import Channel, Message
from site_registry.models import SiteProfile

SHANGHAI = ZoneInfo("Asia/Shanghai")
_codes = itertools.count(1)


def profile(hostname: str) -> SiteProfile:
    return SiteProfile.objects.get(site__hostname=hostname)


def channel(site: SiteProfile, slug: str = "zxzx", **fields) -> Channel:
    fields.setdefault("name", "政务咨询")
    fields.setdefault("kind", ChannelKind.CONSULTATION)
    # update: an opened site already has its default 政务咨询 channel (zxzx).
    return Channel.objects.update_or_create(site=site, slug=slug, defaults=fields)[0]


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def message(
    ch: Channel,
    title: str = "关于公交线路调整的咨询",
    *,
    received: str = "2026-03-02",
    answered: str | None = "2026-03-05",
    published: bool = True,
    **fields,
) -> Message:
    status = MessageStatus.ANSWERED if answered else MessageStatus.ASSIGNED
    fields.setdefault("content", "请问公交线路何时调整？")
    fields.setdefault("answer", "线路将于下月调整，感谢您的关注。" if answered else "")
    fields.setdefault("answer_department", "示范市交通运输局")
    fields.setdefault("status", status)
    return Message.objects.create(
        site=ch.site,
        channel=ch,
        title=title,
        query_code=f"T{next(_codes):09d}",
        received_at=at(received),
        due_date=at(received).date() + datetime.timedelta(days=14),
        answered_at=at(answered, 16) if answered else None,
        is_published=published,
        **fields,
    )
