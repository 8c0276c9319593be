"""Signals of the interaction platform (sent after the change is committed).

``message_changed(sender=Message, message=..., action=MessageAction)`` is sent by
every service that changes a message (submission, handling, publication,
import); the search entries and the handlers' e-mail notifications listen.
"""

from django.dispatch import Signal

message_changed = Signal()
