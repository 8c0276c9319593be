"""Who sees and handles which messages, and the deadline lists (docs/interaction.md).

Roles: the office and the auditors see every site (auditors change nothing);
a site's editors and reviewers see their site's messages; a department's
handlers (``HandlerAssignment``) see the messages assigned to their department.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from interaction.choices import OPEN_STATUSES, MessageAction
from interaction.models import HandlerAssignment, Message, MessageEvent
from workdays.calendar import add_working_days

# "Due soon": due within this many working days (the lists' default).
DUE_SOON_DAYS = 3


def _group_names(user) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(user.groups.values_list("name", flat=True))


def is_office(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or OFFICE_GROUP in _group_names(user)


def is_auditor(user) -> bool:
    return AUDITOR_GROUP in _group_names(user)


def is_read_only(user) -> bool:
    """Auditors read everything and change nothing (unless also office)."""
    return is_auditor(user) and not is_office(user)


def _site_ids(user, field: str) -> set[int]:
    from site_registry.models import SiteProfile

    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        SiteProfile.objects.filter(**{f"{field}__user": user}).values_list(
            "pk", flat=True
        )
    )


def editor_site_ids(user) -> set[int]:
    return _site_ids(user, "editors_group")


def reviewer_site_ids(user) -> set[int]:
    return _site_ids(user, "reviewers_group")


def handler_department_ids(user) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        HandlerAssignment.objects.filter(user=user).values_list(
            "organization_id", flat=True
        )
    )


def messages_for_user(user) -> QuerySet:
    """The messages ``user`` may read in the admin."""
    messages = Message.objects.select_related("site", "channel", "department")
    if is_office(user) or is_auditor(user):
        return messages
    sites = editor_site_ids(user) | reviewer_site_ids(user)
    departments = handler_department_ids(user)
    if not sites and not departments:
        return messages.none()
    return messages.filter(Q(site_id__in=sites) | Q(department_id__in=departments))


def can_see_messages(user) -> bool:
    return (
        is_office(user)
        or is_auditor(user)
        or bool(editor_site_ids(user) or reviewer_site_ids(user))
        or bool(handler_department_ids(user))
    )


# --- what a user may do to one message (the services check these) ----------------


def is_site_editor(user, message: Message) -> bool:
    return message.site_id in editor_site_ids(user)


def is_site_reviewer(user, message: Message) -> bool:
    return message.site_id in reviewer_site_ids(user)


def is_department_handler(user, message: Message) -> bool:
    return (
        message.department_id is not None
        and message.department_id in handler_department_ids(user)
    )


def can_triage(user, message: Message) -> bool:
    """分办, 作无效处理: the office or the site's editors."""
    return is_office(user) or is_site_editor(user, message)


def can_transfer(user, message: Message) -> bool:
    """转办: as 分办, or the handler of the department that has it now."""
    return can_triage(user, message) or is_department_handler(user, message)


def can_reply(user, message: Message) -> bool:
    return is_site_editor(user, message) or is_department_handler(user, message)


def can_review(user, message: Message) -> bool:
    """审核 and 公开: the site's reviewers or the office."""
    return is_office(user) or is_site_reviewer(user, message)


def can_extend(user, message: Message) -> bool:
    return can_triage(user, message) or is_department_handler(user, message)


# --- deadlines ---------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def due_soon(
    messages: QuerySet, *, days: int = DUE_SOON_DAYS, on: datetime.date | None = None
) -> QuerySet:
    """Open messages due from ``on`` to ``days`` working days later."""
    on = on or today()
    return messages.filter(
        status__in=OPEN_STATUSES,
        due_date__gte=on,
        due_date__lte=add_working_days(on, days),
    )


def overdue(messages: QuerySet, *, on: datetime.date | None = None) -> QuerySet:
    """Open messages whose due date has passed."""
    on = on or today()
    return messages.filter(status__in=OPEN_STATUSES, due_date__lt=on)


def events_of(message: Message) -> QuerySet:
    return message.events.select_related("actor", "department").order_by("at", "pk")


# --- who gets told ---------------------------------------------------------------


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email})


def site_editor_emails(message: Message) -> list[str]:
    group_id = message.site.editors_group_id
    if group_id is None:
        return []
    return _emails(get_user_model().objects.filter(groups=group_id, is_active=True))


def site_reviewer_emails(message: Message) -> list[str]:
    group_id = message.site.reviewers_group_id
    if group_id is None:
        return []
    return _emails(get_user_model().objects.filter(groups=group_id, is_active=True))


def department_handler_emails(message: Message) -> list[str]:
    if message.department_id is None:
        return []
    return _emails(
        get_user_model().objects.filter(
            interaction_assignments__organization_id=message.department_id,
            is_active=True,
        )
    )


def last_replier_emails(message: Message) -> list[str]:
    """Who wrote the reply that was returned (退回): the last 答复's actor."""
    event = (
        MessageEvent.objects.filter(message=message, action=MessageAction.REPLIED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None or event.actor is None or not event.actor.is_active:
        return department_handler_emails(message)
    return _emails([event.actor])
