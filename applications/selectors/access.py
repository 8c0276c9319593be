"""Who reads and handles which applications (docs/applications.md).

An organ's disclosure office (its staff and heads) sees and handles only
that organ's applications; the e-government office sees and handles all;
auditors read all and change nothing. Nobody else sees any: applicants'
personal data is not for site editors.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from applications.models import Application, DisclosureOffice
from core.roles import AUDITOR_GROUP, OFFICE_GROUP


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _in_group(user, name: str) -> bool:
    return _active(user) and user.groups.filter(name=name).exists()


def is_office(user) -> bool:
    return _active(user) and (user.is_superuser or _in_group(user, OFFICE_GROUP))


def is_auditor(user) -> bool:
    return _in_group(user, AUDITOR_GROUP)


def offices_of(user) -> QuerySet[DisclosureOffice]:
    """The disclosure offices ``user`` works in (as staff or head)."""
    if not _active(user):
        return DisclosureOffice.objects.none()
    return DisclosureOffice.objects.filter(Q(staff=user) | Q(heads=user)).distinct()


def organization_ids_handled_by(user) -> set[int]:
    return set(offices_of(user).values_list("organization_id", flat=True))


def can_read_all(user) -> bool:
    return is_office(user) or is_auditor(user)


def can_see_applications(user) -> bool:
    """Whether the 依申请公开 screens are for ``user`` at all."""
    return can_read_all(user) or offices_of(user).exists()


def applications_for_user(user) -> QuerySet[Application]:
    """The applications ``user`` may read (admin lists, exports, letters)."""
    applications = Application.objects.select_related("organization")
    if can_read_all(user):
        return applications
    ids = organization_ids_handled_by(user)
    if not ids:
        return applications.none()
    return applications.filter(organization_id__in=ids)


def can_handle_organization(user, organization_id: int) -> bool:
    """Register, answer, write letters for the organ's applications."""
    if is_office(user):
        return True
    return organization_id in organization_ids_handled_by(user)


def can_handle(user, application: Application) -> bool:
    return can_handle_organization(user, application.organization_id)


def can_approve_extension(user, application: Application) -> bool:
    """The organ's disclosure-office head approves the one extension (art. 33)."""
    if is_office(user):
        return True
    return DisclosureOffice.objects.filter(
        organization_id=application.organization_id, heads=user
    ).exists()
