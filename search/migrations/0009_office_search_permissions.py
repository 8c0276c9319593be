"""The existing office group gets the synonym and promotion permissions (#20.8).

New databases get them from ensure_cluster_roles (roles.OFFICE_MODEL_PERMS);
an office group created before is granted here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Literal names: a migration must not change when the constants do.
OFFICE = "站群管理办公室"
GRANTS = {
    "search": ["synonymgroup"],
    "wagtailsearchpromotions": ["searchpromotion"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is None:
        return
    for app_label, models in GRANTS.items():
        # Permissions are created after all migrations ran; create them now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
        office.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[
                    f"{action}_{model}"
                    for model in models
                    for action in ("add", "change", "delete", "view")
                ],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_search_clicks"),
        ("site_registry", "0005_site_secrecy_group"),
        ("wagtailsearchpromotions", "0007_searchpromotion_external_link_text_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
