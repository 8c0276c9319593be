"""Receivers of other apps' signals (connected in ApplicationsConfig.ready)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from applications.services.staff_access import sync_staff_group


def sync_office_members(sender, instance, action, reverse, pk_set, **kwargs):
    """Staff or heads of an office changed: their admin access follows."""
    if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if reverse:  # user.disclosure_offices.add(...): ``instance`` is the user
        if action == "pre_clear":
            return
        users = [instance]
    elif action == "pre_clear":
        # Remember who is cleared; post_clear no longer knows them.
        through = sender.objects.filter(disclosureoffice_id=instance.pk)
        instance._cleared_user_ids = list(through.values_list("user_id", flat=True))
        return
    elif action == "post_clear":
        users = get_user_model().objects.filter(
            pk__in=getattr(instance, "_cleared_user_ids", [])
        )
    else:
        users = get_user_model().objects.filter(pk__in=pk_set or ())
    for user in users:
        sync_staff_group(user)


def connect() -> None:
    from django.db.models.signals import m2m_changed

    from applications.models import DisclosureOffice

    for field in ("staff", "heads"):
        m2m_changed.connect(
            sync_office_members,
            sender=getattr(DisclosureOffice, field).through,
            dispatch_uid=f"applications_office_{field}",
        )
