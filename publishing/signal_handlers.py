"""Receivers of other apps' signals (connected in PublishingConfig.ready)."""

from __future__ import annotations


def _site_opened(sender, profile, **kwargs):
    from publishing.services import configure_opened_site_workflow

    configure_opened_site_workflow(profile=profile)


def connect() -> None:
    from site_registry.signals import site_opened

    site_opened.connect(_site_opened, dispatch_uid="publishing-site-workflow")
