"""Receivers of the interaction signals and of other apps' signals
(connected in InteractionConfig.ready)."""

from __future__ import annotations

from interaction.services import handlers, notifications
from interaction.services.channels import ensure_default_channel


def notify_handlers(sender, *, message, action, **kwargs):
    notifications.notify(message=message, action=action)


def sync_handler_access(sender, instance, **kwargs):
    handlers.sync_handler_group(instance.user)


def forget_listing_count(sender, *, message, **kwargs):
    from interaction.selectors.public import forget_count

    # The listing's cached total may have changed (published or withdrawn).
    forget_count(message.channel_id)


def forget_error_report(sender, instance, **kwargs):
    from interaction.selectors.footer import forget_error_report_slug

    forget_error_report_slug(instance.site_id)


def _site_opened(sender, profile, **kwargs):
    ensure_default_channel(site=profile)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from interaction.models import Channel, HandlerAssignment
    from interaction.signals import message_changed
    from site_registry.signals import site_opened

    message_changed.connect(notify_handlers, dispatch_uid="interaction_notify")
    message_changed.connect(
        forget_listing_count, dispatch_uid="interaction-listing-count"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            sync_handler_access,
            sender=HandlerAssignment,
            dispatch_uid=f"interaction_handler_access_{signal is post_save}",
        )
    for signal in (post_save, post_delete):
        signal.connect(
            forget_error_report,
            sender=Channel,
            dispatch_uid=f"interaction_error_report_{signal is post_save}",
        )
    site_opened.connect(_site_opened, dispatch_uid="interaction-default-channel")
