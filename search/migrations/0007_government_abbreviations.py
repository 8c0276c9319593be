"""The government abbreviations shipped with the product, as synonym groups
the office can edit (search/dictionaries/abbreviations.txt)."""

from django.db import migrations


def load(apps, schema_editor):
    from search import abbreviations

    abbreviations.load(apps.get_model("search", "SynonymGroup"))


def unload(apps, schema_editor):
    from search import abbreviations

    abbreviations.unload(apps.get_model("search", "SynonymGroup"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_related_and_attachment_text"),
    ]

    operations = [migrations.RunPython(load, unload)]
