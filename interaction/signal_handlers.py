"""Thin receivers of the interaction app's own signals."""

from interaction.signals import message_changed


def _message_changed(sender, message, **kwargs) -> None:
    from interaction.selectors.public import forget_count

    # The listing's cached total may have changed (published or withdrawn).
    forget_count(message.channel_id)


def register() -> None:
    message_changed.connect(_message_changed, dispatch_uid="interaction-listing-count")
