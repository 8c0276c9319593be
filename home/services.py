"""Writes of the column skeletons: restore the shipped definitions, build a site."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.page_tree import bulk_add_children
from home.choices import SiteType
from home.models import SiteSkeleton, SkeletonEntry
from home.skeleton_specs import EntrySpec, kind_field, shipped_entries, validate_entries


@transaction.atomic
def restore_shipped_skeleton(*, site_type: str) -> SiteSkeleton:
    """Replace a type's definition with the one shipped in home/skeletons.json."""
    from home.skeleton_specs import shipped_definitions

    entries = shipped_entries(site_type)
    validate_entries(entries)
    skeleton, _created = SiteSkeleton.objects.update_or_create(
        site_type=site_type,
        defaults={"name": shipped_definitions()[site_type]["name"]},
    )
    skeleton.entries.all().delete()
    SkeletonEntry.objects.bulk_create(
        SkeletonEntry(
            skeleton=skeleton,
            sort_order=order,
            parent_path=entry.parent,
            slug=entry.slug,
            title=entry.title,
            page_type=entry.page_type,
            column_kind=entry.kind,
            show_in_menus=entry.show_in_menus,
        )
        for order, entry in enumerate(entries)
    )
    return skeleton


def skeleton_for(*, site_type: str) -> list[EntrySpec]:
    """The office's definition for the type, validated.

    A type without a definition (a flushed test database, or one the office
    deleted) gets the shipped one again.
    """
    skeleton = SiteSkeleton.objects.filter(site_type=site_type).first()
    if skeleton is None:
        skeleton = restore_shipped_skeleton(site_type=SiteType(site_type))
    specs = skeleton.specs()
    validate_entries(specs)
    return specs


@transaction.atomic
def build_skeleton(*, home: Page, site_type: str) -> list[Page]:
    """Create the type's pages under ``home``, live, in the definition's order.

    Structure pages are written in bulk (one batch per tree depth) without
    revisions: they hold no content yet, and the first edit creates one. A page
    whose slug already exists under its parent is kept as it is.
    """
    specs = skeleton_for(site_type=site_type)
    pages: dict[str, Page] = {"": home}
    now = timezone.now()
    created: list[Page] = []
    for depth in sorted({spec.path.count("/") for spec in specs}):
        batch: dict[Page, list[Page]] = {}
        for spec in specs:
            if spec.path.count("/") != depth:
                continue
            parent = pages[spec.parent]
            model = apps.get_model(spec.page_type)
            existing = parent.get_children().filter(slug=spec.slug).first()
            if existing is not None:
                pages[spec.path] = existing.specific
                continue
            page = model(
                title=spec.title,
                slug=spec.slug,
                live=True,
                show_in_menus=spec.show_in_menus,
                first_published_at=now,
                last_published_at=now,
            )
            field = kind_field(model)
            if field and spec.kind:
                setattr(page, field, spec.kind)
            batch.setdefault(parent, []).append(page)
            pages[spec.path] = page
        created += bulk_add_children(batch)
    return created
