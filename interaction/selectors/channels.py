"""Who may see and configure which sites' channels.

The office (站群管理办公室, superusers) configures every site's channels;
auditors read them all; a site's editors and reviewers read their own sites'
channels only. Nobody else sees any.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.roles import AUDITOR_GROUP
from hardening.selectors import is_office_staff
from interaction.models import Channel
from site_registry.models import SiteProfile


def can_configure_channels(user) -> bool:
    return is_office_staff(user)


def reads_all_channels(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return is_office_staff(user) or user.groups.filter(name=AUDITOR_GROUP).exists()


def sites_staffed_by(user) -> QuerySet[SiteProfile]:
    """Sites whose editors or reviewers group the user belongs to."""
    if not user.is_authenticated or not user.is_active:
        return SiteProfile.objects.none()
    groups = user.groups.values("pk")
    return SiteProfile.objects.filter(
        Q(editors_group__in=groups) | Q(reviewers_group__in=groups)
    )


def channels_readable_by(user) -> QuerySet[Channel]:
    channels = Channel.objects.select_related("site")
    if reads_all_channels(user):
        return channels
    return channels.filter(site__in=sites_staffed_by(user))


def channel_has_messages(channel: Channel) -> bool:
    return channel.messages.exists()
