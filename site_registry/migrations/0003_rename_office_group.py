"""The registry's office group becomes 站群管理办公室 (issue 13.6).

The registry created 电子政务办 while the account rules treated only
站群管理办公室 as the office, so office members escaped two-factor
authentication and could not reach the audit export or the search reports.
The names are now one constant (core.roles.OFFICE_GROUP). Databases that have
the old group get it renamed, or folded into an existing 站群管理办公室 group
(members, model, page and collection permissions).
"""

from django.conf import settings
from django.db import migrations

# Literal names: a migration must not change when the constant does.
LEGACY = "电子政务办"
OFFICE = "站群管理办公室"


def rename_office_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    old = Group.objects.filter(name=LEGACY).first()
    if old is None:
        return
    office = Group.objects.filter(name=OFFICE).first()
    if office is None:
        old.name = OFFICE
        old.save(update_fields=["name"])
        return
    for user in User.objects.filter(groups=old):
        user.groups.add(office)
    office.permissions.add(*old.permissions.all())
    for grant in GroupPagePermission.objects.filter(group=old):
        GroupPagePermission.objects.get_or_create(
            group=office, page_id=grant.page_id, permission_id=grant.permission_id
        )
    for grant in GroupCollectionPermission.objects.filter(group=old):
        GroupCollectionPermission.objects.get_or_create(
            group=office,
            collection_id=grant.collection_id,
            permission_id=grant.permission_id,
        )
    old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_registry", "0002_primary_domain_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(rename_office_group, migrations.RunPython.noop),
    ]
