"""Admin access for disclosure-office staff: it follows their office membership.

A clerk of an organ's disclosure office is usually in no site group, so on
that alone they could not open the admin. Listing a user as staff or head of
an office puts them in the 依申请公开办理人员 group, whose only permission is
to enter the admin; the application screens scope what they see
(applications.selectors.access). Leaving their last office takes them out.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from applications.selectors.access import offices_of

STAFF_GROUP = "依申请公开办理人员"


def staff_group() -> Group:
    group, created = Group.objects.get_or_create(name=STAFF_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return group


def sync_staff_group(user) -> None:
    """In the group exactly while ``user`` works in a disclosure office."""
    group = staff_group()
    if offices_of(user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)
