"""Every open site gets the 政务咨询 channel new sites get when opened."""

from django.db import migrations

# Literal values: a migration must not change when interaction.choices does.
DEFAULT_CHANNEL = {
    "kind": "consultation",
    "name": "政务咨询",
    "slug": "zxzx",
    "answer_days": 10,
    "publish_replies": True,
    "counts_for_v5": True,
    "is_active": True,
}


def add_default_channels(apps, schema_editor):
    SiteProfile = apps.get_model("site_registry", "SiteProfile")
    Channel = apps.get_model("interaction", "Channel")
    for site in SiteProfile.objects.filter(status="open"):
        if Channel.objects.filter(site=site, kind="consultation").exists():
            continue
        slug, counter = DEFAULT_CHANNEL["slug"], 2
        while Channel.objects.filter(site=site, slug=slug).exists():
            slug, counter = f"zxzx-{counter}", counter + 1
        Channel.objects.create(site=site, **{**DEFAULT_CHANNEL, "slug": slug})


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("site_registry", "0003_rename_office_group"),
    ]

    operations = [
        migrations.RunPython(add_default_channels, migrations.RunPython.noop),
    ]
