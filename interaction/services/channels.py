"""Setting up a site's message channels."""

from __future__ import annotations

from interaction.choices import DEFAULT_CHANNEL, ChannelKind
from interaction.models import Channel


def ensure_default_channel(*, site) -> Channel | None:
    """Give ``site`` its 政务咨询 channel unless it has a consultation channel.

    Every site must accept 政务咨询 messages (docs/domain.md c5); the office
    edits or closes the channel afterwards in 互动交流 → 互动渠道.
    """
    if Channel.objects.filter(site=site, kind=ChannelKind.CONSULTATION).exists():
        return None
    channel = Channel(site=site, **DEFAULT_CHANNEL)
    channel.full_clean()
    channel.save()
    return channel
