"""Whose applications a statistics screen counts (docs/applications.md).

An organ: its own applications. A government "with its subordinate organs":
every organ whose disclosure office is on the government's portal site or on
any site below it in the registry's hierarchy (departments, lower-level
portals, their townships and sub-sites). A user only ever gets the organs
they may read (access.py): a clerk's scope is cut down to their own organs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import DisclosureOffice
from applications.selectors import access
from site_registry.choices import PORTAL_LEVELS
from site_registry.models import SiteProfile


@dataclass(frozen=True)
class Scope:
    key: str  # "org:<organization id>" or "gov:<site id>"
    label: str
    organization_ids: frozenset[int]


def site_subtree_ids(site_id: int) -> set[int]:
    """``site_id`` and every site below it (one read of the parent links)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in SiteProfile.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [site_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def readable_organization_ids(user) -> set[int] | None:
    """The organs whose applications ``user`` may count; None = all."""
    if access.can_read_all(user):
        return None
    return access.organization_ids_handled_by(user)


def scopes_for_user(user) -> list[Scope]:
    """The organs (and, for those who read all, the governments) to choose from."""
    allowed = readable_organization_ids(user)
    offices = DisclosureOffice.objects.select_related("organization").order_by(
        "organization__name"
    )
    if allowed is not None:
        offices = offices.filter(organization_id__in=allowed)
    scopes = [
        Scope(
            f"org:{o.organization_id}",
            o.organization.name,
            frozenset({o.organization_id}),
        )
        for o in offices
    ]
    if allowed is None:
        by_site: dict[int, list[int]] = {}
        for site_id, organization_id in DisclosureOffice.objects.values_list(
            "site_id", "organization_id"
        ):
            by_site.setdefault(site_id, []).append(organization_id)
        portals = SiteProfile.objects.filter(
            level__in=PORTAL_LEVELS, pk__in=list(by_site)
        ).order_by("name")
        for portal in portals:
            ids = {
                organization_id
                for site_id in site_subtree_ids(portal.pk)
                for organization_id in by_site.get(site_id, [])
            }
            scopes.append(
                Scope(
                    f"gov:{portal.pk}",
                    _("%(site)s（含下属机关）") % {"site": portal.name},
                    frozenset(ids),
                )
            )
    return scopes


def scope_for_user(user, key: str | None) -> Scope | None:
    """The chosen scope if ``user`` may use it; by default their first one."""
    scopes = scopes_for_user(user)
    if not scopes:
        return None
    return next((s for s in scopes if s.key == key), scopes[0])
