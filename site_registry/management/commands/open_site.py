from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from site_registry import lifecycle
from site_registry.choices import SiteLevel
from site_registry.models import SiteProfile


class Command(BaseCommand):
    help = (
        "Open a site in one step: home page, columns, Wagtail site, groups. "
        "Give --hostname for a full site, or --parent and --subsite-slug for a "
        "sub-site."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Standard name (规范名称).")
        parser.add_argument("--level", required=True, choices=SiteLevel.values)
        parser.add_argument("--organizer", required=True)
        parser.add_argument("--parent", default="", help="Parent site's name.")
        parser.add_argument("--hostname", default="")
        parser.add_argument("--alias", action="append", default=[])
        parser.add_argument("--subsite-slug", default="")
        parser.add_argument("--code", default="")
        parser.add_argument("--operator", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--address", default="")
        parser.add_argument("--icp-number", default="")
        parser.add_argument("--police-number", default="")
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, **options):
        parent = None
        if options["parent"]:
            parent = SiteProfile.objects.filter(name=options["parent"]).first()
            if parent is None:
                raise CommandError(f"没有名为“{options['parent']}”的网站。")
        try:
            profile = lifecycle.open_site(
                name=options["name"],
                level=options["level"],
                organizer=options["organizer"],
                parent=parent,
                hostname=options["hostname"],
                aliases=options["alias"],
                subsite_slug=options["subsite_slug"],
                code=options["code"],
                operator=options["operator"],
                phone=options["phone"],
                email=options["email"],
                address=options["address"],
                icp_number=options["icp_number"],
                police_number=options["police_number"],
                port=options["port"],
            )
        except ValidationError as error:
            messages = (
                [
                    f"{field}: {m}"
                    for field, ms in error.message_dict.items()
                    for m in ms
                ]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError("\n".join(messages)) from None
        self.stdout.write(self.style.SUCCESS(f"已开设“{profile.name}”。"))
