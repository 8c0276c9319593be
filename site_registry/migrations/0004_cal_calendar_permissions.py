"""Existing office and auditor groups get the working-day calendar's permissions.

New databases get them from ensure_cluster_roles (roles.OFFICE_MODEL_PERMS,
AUDITOR_MODEL_PERMS); groups created before the calendar existed are granted
here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Literal names: a migration must not change when the constants do.
OFFICE = "站群管理办公室"
AUDITOR = "网站审计"
GRANTS = {
    OFFICE: ["add_calendarday", "change_calendarday", "delete_calendarday"],
    AUDITOR: [],
}


def grant(apps, schema_editor):
    # Permissions are created after all migrations ran; create them now.
    app_config = apps.get_app_config("workdays")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="workdays",
                codename__in=[*codenames, "view_calendarday"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("site_registry", "0003_rename_office_group"),
        ("workdays", "0002_state_council_2025_2026"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
