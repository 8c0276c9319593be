"""The platform's default letter templates (organisation empty), one per
letter kind and, for replies, per reply type (applications/data/)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "letter_templates.json"


def load_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        LetterTemplate.objects.update_or_create(
            organization=None,
            kind=row["kind"],
            reply_type=row["reply_type"],
            defaults={
                "title": row["title"],
                "body": row["body"],
                "legal_basis": row["legal_basis"],
            },
        )


def remove_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    LetterTemplate.objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_stats_deadline_reminders")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
