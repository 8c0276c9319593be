"""Department handlers (办理人员): their admin access follows their assignments.

A handler is usually in no site group, so without this they could not open
the admin at all. Assigning a user to a department puts them in the handlers'
group, whose only permission is to enter the admin; the message screens scope
what they see (interaction.selectors.handling). Removing their last
assignment takes them out again.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from interaction.models import HandlerAssignment

HANDLER_GROUP = "互动办理人员"


def handler_group() -> Group:
    group, created = Group.objects.get_or_create(name=HANDLER_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return group


def sync_handler_group(user) -> None:
    """In the handlers' group exactly while ``user`` has an assignment."""
    group = handler_group()
    if HandlerAssignment.objects.filter(user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)
