"""The logo moves to the site registry: copy each theme's logo to its site's profile.

SiteProfile.logo wins where both are set (the header showed it first); the
theme's logo fills in where the profile has none, so every header keeps its logo.
"""

from django.db import migrations


def copy_theme_logos(apps, schema_editor):
    SiteTheme = apps.get_model("core", "SiteTheme")
    SiteProfile = apps.get_model("site_registry", "SiteProfile")
    themes = SiteTheme.objects.filter(logo__isnull=False).values_list(
        "site_id", "logo_id"
    )
    for site_id, logo_id in themes:
        SiteProfile.objects.filter(site_id=site_id, logo__isnull=True).update(
            logo_id=logo_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_theme"),
        ("site_registry", "0003_rename_office_group"),
    ]

    operations = [
        # Going back leaves the restored theme field empty: the header reads
        # the registry's logo first anyway.
        migrations.RunPython(copy_theme_logos, migrations.RunPython.noop)
    ]
