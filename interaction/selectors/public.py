"""What the public listing shows: a site's channels, their published messages
(personal data masked), and each message's public address.

The listing reads the partial index ``interaction_msg_public_idx`` (channel,
-received_at, -id WHERE is_published): page 1 of a channel with 100,000
messages reads 20 index entries. The page count comes from a cached count,
dropped whenever a message of the channel changes (interaction.signals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from wagtail.models import Site

from core.detectors import mask_personal_data
from interaction.models import Channel, Message
from site_registry.models import SiteProfile

PAGE_SIZE = 20
EXCERPT_CHARS = 80
MAX_QUERY_LENGTH = 50
COUNT_KEY = "interaction:listing-count:{channel}"
COUNT_SECONDS = 600


def public_channels(site: SiteProfile) -> QuerySet[Channel]:
    """Channels of the site whose replies are published, as the site orders them."""
    return Channel.objects.filter(site=site, publish_replies=True).order_by(
        "sort_order", "pk"
    )


def public_messages(channel: Channel) -> QuerySet[Message]:
    """Messages the public may read, newest first (the order of the index).

    ``wants_public`` too: a message whose writer did not agree to publication
    is never shown, even when an editor flagged it by mistake.
    """
    return (
        Message.objects.published()
        .filter(channel=channel, wants_public=True)
        .select_related("department")
        .order_by("-received_at", "-id")
    )


def search_messages(messages: QuerySet[Message], q: str) -> QuerySet[Message]:
    """Messages whose title or content holds every word of ``q`` (a
    case-insensitive substring match in the database)."""
    for word in q.split()[:5]:
        messages = messages.filter(
            Q(title__icontains=word) | Q(content__icontains=word)
        )
    return messages


class _CachedCountPaginator(Paginator):
    """A paginator whose total is cached per channel (the unfiltered listing)."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._count_key = count_key

    @property
    def count(self) -> int:
        total = cache.get(self._count_key)
        if total is None:
            total = super().count
            cache.set(self._count_key, total, COUNT_SECONDS)
        return total


def forget_count(channel_id: int) -> None:
    cache.delete(COUNT_KEY.format(channel=channel_id))


def listing_page(channel: Channel, *, q: str = "", page=1):
    """One page of the channel's published messages (``q``: title/content
    search), each message as ``PublicMessage``."""
    messages = public_messages(channel)
    if q:
        paginator = Paginator(search_messages(messages, q), PAGE_SIZE)
    else:
        paginator = _CachedCountPaginator(
            messages, PAGE_SIZE, count_key=COUNT_KEY.format(channel=channel.pk)
        )
    page_obj = paginator.get_page(page)
    page_obj.object_list = [
        public_message(m, channel=channel) for m in page_obj.object_list
    ]
    return page_obj


@dataclass(frozen=True)
class PublicMessage:
    """A published message as the public sees it: personal data masked."""

    pk: int
    channel_slug: str
    title: str
    content: str
    answer: str
    received_at: datetime
    answered_at: datetime | None
    answer_department: str

    @property
    def answer_excerpt(self) -> str:
        return Truncator(" ".join(self.answer.split())).chars(EXCERPT_CHARS)

    @property
    def url(self) -> str:
        return reverse(
            "interaction:message",
            kwargs={"channel_slug": self.channel_slug, "pk": self.pk},
        )


def answer_department(message: Message) -> str:
    """The unit named on the reply: as written, else the handling department."""
    if message.answer_department:
        return message.answer_department
    return message.department.name if message.department_id else ""


def public_message(
    message: Message, *, channel: Channel | None = None
) -> PublicMessage:
    # Masked over the whole text, then cut: a cut number could escape the
    # detectors.
    channel = channel or message.channel
    return PublicMessage(
        pk=message.pk,
        channel_slug=channel.slug,
        title=mask_personal_data(message.title),
        content=mask_personal_data(message.content),
        answer=mask_personal_data(message.answer),
        received_at=message.received_at,
        answered_at=message.answered_at,
        answer_department=answer_department(message),
    )


def published_message(channel: Channel, pk: int) -> Message | None:
    return public_messages(channel).filter(pk=pk).first()


def message_path(*, channel_slug: str, pk: int) -> str:
    """The message's page on its site's host (in the active language)."""
    return reverse(
        "interaction:message", kwargs={"channel_slug": channel_slug, "pk": pk}
    )


def message_urls(message_ids, *, request=None) -> dict[int, str]:
    """Public addresses of published messages, by id (for search results).

    A message on the requesting host gets a path; elsewhere the full URL on
    its site's host. Messages no longer public, or of a site without its own
    host (sub-sites), have none.
    """
    rows = (
        Message.objects.published()
        .filter(
            pk__in=list(message_ids), wants_public=True, channel__publish_replies=True
        )
        .values_list(
            "pk",
            "channel__slug",
            "site__site__hostname",
            "site__site__port",
            "site__site_id",
        )
    )
    current = Site.find_for_request(request) if request is not None else None
    current_site_id = current.pk if current else None
    urls = {}
    for pk, slug, hostname, port, site_id in rows:
        if site_id is None:
            continue
        path = message_path(channel_slug=slug, pk=pk)
        if site_id == current_site_id:
            urls[pk] = path
            continue
        urls[pk] = Site(hostname=hostname, port=port).root_url + path
    return urls
