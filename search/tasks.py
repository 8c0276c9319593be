"""Background index updates (django-tasks): a worker runs them when one is
configured (remote engine), the immediate backend runs them at once."""

from django_tasks import task

from search import services


@task()
def sync_pages_task(page_ids: list[int]) -> int:
    return services.sync_pages(page_ids=page_ids)


@task()
def sync_messages_task(message_ids: list[int]) -> int:
    """Entries of citizen messages (interaction.signals.message_changed)."""
    return services.sync_messages(message_ids=message_ids)


@task()
def apply_pending_updates_task(backend_name: str) -> int:
    """Index updates queued while the engine was down (search.services)."""
    try:
        return sum(services.apply_pending_updates(backend_name=backend_name).values())
    except Exception:  # noqa: BLE001 - still down: the rows stay for the next try
        services.logger.warning("Queued index updates: %s still down", backend_name)
        return 0
