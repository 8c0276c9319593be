"""Reactions to other apps' signals (connected in apps.ready)."""

from __future__ import annotations

from interaction.services.channels import ensure_default_channel
from site_registry.signals import site_opened


def _site_opened(sender, profile, **kwargs):
    ensure_default_channel(site=profile)


def connect() -> None:
    site_opened.connect(_site_opened, dispatch_uid="interaction-default-channel")
