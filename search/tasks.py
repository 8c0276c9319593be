"""Background index updates (django-tasks): a worker runs them when one is
configured (remote engine), the immediate backend runs them at once."""

from django_tasks import task

from search import services


@task()
def sync_pages_task(page_ids: list[int]) -> int:
    return services.sync_pages(page_ids=page_ids)
