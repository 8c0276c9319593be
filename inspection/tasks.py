"""Scheduled work (django-tasks): the daily inspection and the V2 probes.

Enqueue from cron (or any scheduler) with the TASKS backend of the deployment;
see docs/inspection.md for the schedule.
"""

from django_tasks import task


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
def probe_sites() -> int:
    """One reachability probe of every site; schedule ≥20 a day (V2)."""
    from inspection import services

    return len(services.probe_sites())
