from django.db import migrations

from core.seed_lists import DEFAULT_MISSPELLINGS, DEFAULT_SENSITIVE_WORDS


def seed(apps, schema_editor):
    SensitiveWord = apps.get_model("core", "SensitiveWord")
    CommonMisspelling = apps.get_model("core", "CommonMisspelling")
    for word, note in DEFAULT_SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"note": note})
    for wrong, correct in DEFAULT_MISSPELLINGS:
        CommonMisspelling.objects.get_or_create(wrong=wrong, defaults={"correct": correct})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_word_lists")]

    # Unseeding would delete the office's edits too; reversing keeps the rows.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
