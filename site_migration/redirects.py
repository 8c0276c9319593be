"""TEMP stub: the admin helper's module replaces this (old URL → 301)."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from site_migration.models import MigratedUrl


def redirect_old_url(*, run, site_root, kind, source_id, old_url, page) -> MigratedUrl:
    parts = urlsplit(old_url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    site = Site.objects.filter(root_page=site_root).first()
    redirect, _created = Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(path),
        site=site,
        defaults={"redirect_page": page, "is_permanent": True},
    )
    row, _created = MigratedUrl.objects.update_or_create(
        site=site_root,
        old_url=old_url,
        defaults={
            "kind": kind,
            "source_id": source_id,
            "page": page,
            "redirect": redirect,
            "run": run,
        },
    )
    return row
