"""Reset the platform's default letter templates to the shipped wording."""

from django.core.management.base import BaseCommand

from applications.services.letters import restore_default_templates


class Command(BaseCommand):
    help = (
        "Restore the default letter templates (organisation empty) from "
        "applications/data/letter_templates.json; organs' own templates are kept."
    )

    def handle(self, *args, **options):
        count = restore_default_templates()
        self.stdout.write(f"Restored {count} default letter templates.")
