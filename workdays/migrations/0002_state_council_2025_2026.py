from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    from workdays.bundled import bundled_days

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    for row in bundled_days():
        CalendarDay.objects.update_or_create(
            date=date.fromisoformat(row["date"]),
            defaults={"kind": row["kind"], "name": row["name"], "source": row["source"]},
        )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
