"""Keep the cached host map in step with the registry.

Clearing a cache is not business logic, so it may live in signals: every write
path (admin, services, shell) must invalidate, and signals are the one place
all of them pass through.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, Site

from site_registry.models import SiteDomain, SiteProfile
from site_registry.routing import clear_host_map

# Sent by lifecycle when a site is opened or registered, inside its
# transaction, with ``profile`` and ``user``: apps above the registry (the
# interaction platform's default channel) set up their part of a new site
# without the registry importing them. A receiver's error undoes the opening.
site_opened = Signal()


def _invalidate(**kwargs) -> None:
    # Clear now for this connection, and again after commit so that a request
    # that rebuilt the map from the old, committed rows meanwhile is not kept.
    clear_host_map()
    transaction.on_commit(clear_host_map)


for _model in (SiteProfile, SiteDomain, Site):
    post_save.connect(_invalidate, sender=_model, dispatch_uid=f"hostmap-{_model}")
    post_delete.connect(_invalidate, sender=_model, dispatch_uid=f"hostmap-d-{_model}")


@receiver(post_save, dispatch_uid="hostmap-page-saved")
def _page_saved(sender, instance, **kwargs):
    # post_save names the concrete page class, so listen to every model and keep
    # pages. Only registry roots matter: their url_path places sub-sites, and
    # the cached identities know the tree paths of their translations.
    if isinstance(instance, Page) and (
        SiteProfile.objects.filter(
            root_page__translation_key=instance.translation_key
        ).exists()
    ):
        _invalidate()


m2m_changed.connect(
    _invalidate, sender=SiteProfile.languages.through, dispatch_uid="hostmap-langs"
)
