"""Receivers of the interaction signals (connected in InteractionConfig.ready)."""

from __future__ import annotations

from interaction.services import handlers, notifications


def notify_handlers(sender, *, message, action, **kwargs):
    notifications.notify(message=message, action=action)


def sync_handler_access(sender, instance, **kwargs):
    handlers.sync_handler_group(instance.user)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from interaction.models import HandlerAssignment
    from interaction.signals import message_changed

    message_changed.connect(notify_handlers, dispatch_uid="interaction_notify")
    for signal in (post_save, post_delete):
        signal.connect(
            sync_handler_access,
            sender=HandlerAssignment,
            dispatch_uid=f"interaction_handler_access_{signal is post_save}",
        )
