"""Migration runs in the background (django-tasks), as inspection runs are.

The run service (``site_migration.services.execute_run``) reads the package
from the private storage and writes progress into the run as it goes.
"""

import threading

from django.db import connections
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend


@task()
def execute_migration_run(run_id: int) -> int:
    """Carry out a run recorded by the admin (dry run or import)."""
    from site_migration import services
    from site_migration.models import MigrationRun

    run = MigrationRun.objects.get(pk=run_id)
    return services.execute_run(run).pk


def _enqueue_in_thread(run_id: int) -> None:
    try:
        execute_migration_run.enqueue(run_id)
    finally:
        connections.close_all()  # the thread's own connections


def dispatch_run(run_id: int) -> None:
    """Hand a recorded run to the background.

    With a worker backend the worker runs it; the immediate backend would run
    it inside the request, so it gets a thread of the web process instead and
    the upload returns at once (as ``inspection.tasks.dispatch_run``).
    """
    if isinstance(execute_migration_run.get_backend(), ImmediateBackend):
        threading.Thread(
            target=_enqueue_in_thread,
            args=(run_id,),
            name=f"site-migration-run-{run_id}",
            daemon=True,
        ).start()
    else:
        execute_migration_run.enqueue(run_id)
