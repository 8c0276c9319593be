"""The title without 《》 and quotes, for the titles holding a query as a
phrase; existing entries are filled here (the rule is search.analysis.unmarked,
copied so that this migration does not change when that function does)."""

import unicodedata

from django.db import migrations, models

MARKS = "《》〈〉“”‘’「」\"'"


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    unmark = {ord(mark): None for mark in MARKS}
    batch = []
    for entry in SearchEntry.objects.only("pk", "title").iterator(chunk_size=2000):
        entry.title_unmarked = unicodedata.normalize("NFKC", entry.title).translate(
            unmark
        )[:255]
        batch.append(entry)
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_update(batch, ["title_unmarked"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["title_unmarked"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_office_search_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_unmarked",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
