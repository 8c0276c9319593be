"""Load the shipped column skeletons (home/skeletons.json) for each site type."""

from django.db import migrations


def load(apps, schema_editor):
    from home.skeleton_specs import shipped_definitions

    skeleton_model = apps.get_model("home", "SiteSkeleton")
    entry_model = apps.get_model("home", "SkeletonEntry")
    for site_type, definition in shipped_definitions().items():
        if skeleton_model.objects.filter(site_type=site_type).exists():
            continue
        skeleton = skeleton_model.objects.create(
            site_type=site_type, name=definition["name"]
        )
        entry_model.objects.bulk_create(
            entry_model(
                skeleton=skeleton,
                sort_order=order,
                parent_path=row.get("parent", ""),
                slug=row["slug"],
                title=row["title"],
                page_type=row["page_type"],
                column_kind=row.get("kind", ""),
                show_in_menus=row.get("show_in_menus", False),
            )
            for order, row in enumerate(definition["entries"])
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0003_site_skeleton")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
