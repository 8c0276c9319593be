"""Load the misspelling dictionary (core/data/misspellings.tsv) into the
office's list. New entries are added; an entry the office already has keeps
its correction and its on/off switch, and gets the dictionary's context rules
only where it has none, so the office's edits survive."""

from django.db import migrations

from core.seed_lists import misspelling_rows

RULES = ("not_before", "not_after", "only_after", "not_later", "source")


def load(apps, schema_editor):
    CommonMisspelling = apps.get_model("core", "CommonMisspelling")
    existing = {item.wrong: item for item in CommonMisspelling.objects.all()}
    new = []
    for row in misspelling_rows():
        item = existing.get(row["wrong"])
        if item is None:
            new.append(CommonMisspelling(**row))
            continue
        changed = [name for name in RULES if not getattr(item, name) and row[name]]
        for name in changed:
            setattr(item, name, row[name])
        if changed:
            item.save(update_fields=changed)
    CommonMisspelling.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_misspelling_context_rules")]

    # Unloading would delete the office's edits too; reversing keeps the rows.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
