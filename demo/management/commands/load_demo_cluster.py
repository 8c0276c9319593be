from django.core.management.base import BaseCommand

from demo.services import ensure_admin, load_demo_cluster


class Command(BaseCommand):
    help = "Create or update the demo cluster (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=80, help="Port the sites are served on."
        )
        parser.add_argument(
            "--admin-password",
            default="",
            help="Also create the superuser `admin` with this password if missing.",
        )

    def handle(self, *args, port, admin_password, **options):
        sites = load_demo_cluster(port=port)
        for site in sorted(sites, key=lambda s: (not s.is_default_site, s.hostname)):
            self.stdout.write(f"  {site.root_url}/  {site.site_name}")
        if admin_password and ensure_admin(username="admin", password=admin_password):
            self.stdout.write("Created superuser `admin`.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo cluster ready: {len(sites)} sites.")
        )
