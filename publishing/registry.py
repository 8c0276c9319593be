"""Which fields a page type must fill before it may be published.

A page type declares them as a class attribute::

    class DisclosureDocumentPage(Page):
        publication_required_fields = ("organization", "written_date")

Fields the platform itself fills at publication (a document's 索引号) are
declared as ``published_required_fields``: they are not required to publish,
but a live page without them is defective (the inspection reports it).

A deployment may add more required fields per type in settings, without
touching code::

    PUBLISHING_REQUIRED_FIELDS = {
        "disclosure_pages.DisclosureDocumentPage": ["written_date"],
    }
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist


def required_fields(page) -> list[str]:
    names = list(getattr(type(page), "publication_required_fields", ()))
    configured = {
        label.lower(): fields
        for label, fields in getattr(settings, "PUBLISHING_REQUIRED_FIELDS", {}).items()
    }
    for name in configured.get(page._meta.label_lower, ()):
        if name not in names:
            names.append(name)
    return names


def published_required_fields(page) -> list[str]:
    return list(getattr(type(page), "published_required_fields", ()))


def field_label(page, name: str) -> str:
    # A child relation (InlinePanel) has no verbose name: the type names it in
    # ``publication_field_labels``.
    labels = getattr(type(page), "publication_field_labels", {})
    if name in labels:
        return str(labels[name])
    try:
        return str(page._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def is_missing(page, name: str) -> bool:
    value = getattr(page, name, None)
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if hasattr(value, "all"):  # many-to-many and child relations
        return not value.all().exists()
    try:
        return len(value) == 0
    except TypeError:
        return False
