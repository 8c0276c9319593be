"""E-mail to the people who must act next on a message (docs/interaction.md).

Sent through Django's e-mail machinery when ``message_changed`` arrives (after
the change committed). The mail names the message and links to its admin
page; it never repeats the citizen's text or contact details.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from interaction.choices import MessageAction
from interaction.models import Message
from interaction.selectors import handling as selectors

logger = logging.getLogger(__name__)

# Who hears of which action, and the subject line.
RECIPIENTS = {
    MessageAction.SUBMITTED: selectors.site_editor_emails,
    MessageAction.ASSIGNED: selectors.department_handler_emails,
    MessageAction.TRANSFERRED: selectors.department_handler_emails,
    MessageAction.RETURNED: selectors.last_replier_emails,
    MessageAction.REPLIED: selectors.site_reviewer_emails,
}


def _subject(action: str) -> str:
    return {
        MessageAction.SUBMITTED: _("新来信待分办"),
        MessageAction.ASSIGNED: _("来信已分办给您的单位"),
        MessageAction.TRANSFERRED: _("来信已转办给您的单位"),
        MessageAction.RETURNED: _("答复被退回，请修改"),
        MessageAction.REPLIED: _("答复待审核"),
    }[action]


def admin_url(message: Message) -> str:
    path = reverse("interaction_message:inspect", args=[message.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify(*, message: Message, action: str) -> int:
    """Mail the people concerned by ``action``; returns how many were written to."""
    find = RECIPIENTS.get(action)
    if find is None:
        return 0
    message = Message.objects.select_related("site", "channel", "department").get(
        pk=message.pk
    )
    recipients = find(message)
    if not recipients:
        return 0
    # Recipients' languages are unknown: write in the site's default language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[{message.site.name}] {_subject(action)}：{message.title}"
        lines = [
            _("网站：%(site)s") % {"site": message.site.name},
            _("渠道：%(channel)s") % {"channel": message.channel.name},
            _("标题：%(title)s") % {"title": message.title},
            _("答复期限：%(due)s") % {"due": message.due_date.isoformat()},
        ]
        if message.department_id:
            lines.append(
                _("办理单位：%(department)s") % {"department": message.department.name}
            )
        lines += ["", _("请登录后台办理：%(url)s") % {"url": admin_url(message)}]
    # The action has committed: a mail server failure must not turn it into an
    # error page for the handler who did it.
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:
        logger.exception("interaction: could not mail %s for %s", action, message.pk)
        return 0
    return len(recipients)
