"""Scheduled and on-demand work (django-tasks): inspections and the V2 probes.

Enqueue from cron (or any scheduler) with the TASKS backend of the deployment;
see docs/inspection.md for the schedule.
"""

import threading

from django.db import connections
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend


@task()
def run_daily_inspection(resume: bool = True) -> int:
    """Continue an interrupted run if there is one, else inspect every site."""
    from inspection import services
    from inspection.choices import RunStatus
    from inspection.models import InspectionRun

    unfinished = InspectionRun.objects.filter(
        status__in=[RunStatus.RUNNING, RunStatus.INTERRUPTED]
    ).exists()
    run = services.run_inspection(resume=resume and unfinished)
    return run.pk


@task()
def execute_run(run_id: int) -> int:
    """Carry out a run recorded beforehand (立即检查)."""
    from inspection import services
    from inspection.models import InspectionRun

    run = InspectionRun.objects.get(pk=run_id)
    return services.execute_run(run).pk


def _enqueue_in_thread(run_id: int) -> None:
    try:
        execute_run.enqueue(run_id)
    finally:
        connections.close_all()  # the thread's own connections


def dispatch_run(run_id: int) -> None:
    """Hand a recorded run to the background.

    With a worker backend (TASKS) the worker runs it. The default immediate
    backend would run it inside the request, so the run gets a thread of the
    web process instead and the request returns at once; a run cut short by a
    restart stays 运行中 until ``inspect_sites --resume`` or the nightly task
    continues it.
    """
    if isinstance(execute_run.get_backend(), ImmediateBackend):
        threading.Thread(
            target=_enqueue_in_thread,
            args=(run_id,),
            name=f"inspection-run-{run_id}",
            daemon=True,
        ).start()
    else:
        execute_run.enqueue(run_id)


@task()
def probe_sites() -> int:
    """One reachability probe of every site; schedule ≥20 a day (V2)."""
    from inspection import services

    return len(services.probe_sites())
