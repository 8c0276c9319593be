"""Writes of the hardening app: TOTP devices, private collections."""

from __future__ import annotations

import base64
from collections.abc import Iterable

import segno
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction


def pending_totp_device(*, user) -> TOTPDevice | None:
    """The user's unconfirmed TOTP device, created on first call.

    None when the user has a confirmed device already (enrolment is done).
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def totp_secret_base32(*, device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def totp_qr_svg(*, device: TOTPDevice) -> str:
    """An inline SVG QR code of the otpauth:// URI (no image request, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def confirm_totp_device(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log(instance=device.user, action="hardening.otp_enrolled", user=device.user)
    return True


def verify_totp(*, user, token: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def create_private_collection(
    *, site_name: str, staff_groups: Group | Iterable[Group]
) -> Collection:
    """A site's collection whose documents only its staff groups can open.

    Wagtail serves documents of a restricted collection only to members of the
    groups (CollectionViewRestriction); others are sent to log in.
    """
    groups = [staff_groups] if isinstance(staff_groups, Group) else list(staff_groups)
    name = _("%(site)s·内部文档") % {"site": site_name}
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection,
        defaults={"restriction_type": CollectionViewRestriction.GROUPS},
    )
    restriction.restriction_type = CollectionViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set(groups)
    return collection
