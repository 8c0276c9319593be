"""Who sees and handles findings.

Auditors (网站审计) and the office (站群管理办公室; names in core.roles) hold
``assign_finding``: they see every site's findings and assign them for
rectification. A site's editors and reviewers see only their site's findings
and mark them fixed. Nobody adds or deletes findings by hand: runs do.
"""

from __future__ import annotations

from django.db.models.signals import post_migrate, post_save
from wagtail.permission_policies.base import ModelPermissionPolicy

from inspection.selectors import can_audit, findings_for_user, sites_of_user

ROLE_PERMISSIONS = [
    ("inspection", "view_finding"),
    ("inspection", "assign_finding"),
    ("inspection", "view_inspectionrun"),
    ("inspection", "start_inspectionrun"),
]
# The office also sets the points per deduction finding and keeps the
# misspelling dictionary the inspection and the publish gate share.
OFFICE_PERMISSIONS = [
    ("inspection", "change_inspectionpointssettings"),
    ("core", "add_commonmisspelling"),
    ("core", "change_commonmisspelling"),
    ("core", "delete_commonmisspelling"),
    ("core", "view_commonmisspelling"),
]


class FindingPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "view":
            return can_audit(user=user) or sites_of_user(user=user).exists()
        if action == "change":
            return can_audit(user=user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return can_audit(user=user) or (
                sites_of_user(user=user).filter(pk=instance.site_id).exists()
            )
        if action == "change":
            return can_audit(user=user)
        return False

    def instances_user_has_permission_for(self, user, action):
        queryset = findings_for_user(user=user)
        if action == "view":
            return queryset
        if action == "change" and can_audit(user=user):
            return queryset
        return queryset.none()


def grant_role_permissions(group) -> None:
    from django.contrib.auth.models import Permission

    from site_registry.roles import AUDITOR_GROUP, OFFICE_GROUP

    if group.name not in (AUDITOR_GROUP, OFFICE_GROUP):
        return
    extra = OFFICE_PERMISSIONS if group.name == OFFICE_GROUP else []
    for app_label, codename in [*ROLE_PERMISSIONS, *extra]:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def _group_saved(sender, instance, created, **kwargs):
    if created:
        grant_role_permissions(instance)


def _migrated(sender, app_config=None, **kwargs):
    # Auth creates permissions in its own post_migrate handler, which may run
    # after this one; create ours first.
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    for group in Group.objects.all():
        grant_role_permissions(group)


def connect() -> None:
    from django.apps import apps
    from django.contrib.auth.models import Group

    post_save.connect(_group_saved, sender=Group, dispatch_uid="inspection-roles")
    post_migrate.connect(
        _migrated,
        sender=apps.get_app_config("inspection"),
        dispatch_uid="inspection-roles-migrate",
    )
