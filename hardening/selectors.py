"""Reads for the account rules: who needs two factors, who is office staff."""

from __future__ import annotations

import re

from django.conf import settings

from core.roles import OFFICE_GROUP


def client_ip(request) -> str:
    """The client's address, trusting exactly TRUSTED_PROXY_COUNT proxies.

    Behind a reverse proxy every request comes from the proxy's address; locking
    that out would lock everyone out, so the proxy's X-Forwarded-For is used.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def _group_names(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


def _matches(names: list[str], patterns) -> bool:
    return any(re.search(pattern, name) for pattern in patterns for name in names)


def office_groups() -> set[str]:
    """The registry's office group always counts, whatever OFFICE_GROUPS says."""
    return {OFFICE_GROUP, *getattr(settings, "HARDENING_OFFICE_GROUPS", [])}


def is_office_staff(user) -> bool:
    """Superusers and members of the office groups."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(set(_group_names(user)) & office_groups())


def requires_two_factor(user) -> bool:
    """Office and reviewer roles must use TOTP; editors may choose to."""
    if not user.is_authenticated:
        return False
    if is_office_staff(user):
        return True
    return _matches(
        _group_names(user), getattr(settings, "HARDENING_TOTP_REQUIRED_GROUPS", [])
    )
