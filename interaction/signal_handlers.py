"""Receivers of the interaction signals (connected in InteractionConfig.ready)."""

from __future__ import annotations

from interaction.services import notifications


def notify_handlers(sender, *, message, action, **kwargs):
    notifications.notify(message=message, action=action)


def connect() -> None:
    from interaction.signals import message_changed

    message_changed.connect(notify_handlers, dispatch_uid="interaction_notify")
