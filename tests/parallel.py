"""How the test workers share the suite (pytest-xdist, `scripts/test.sh`).

pytest-django runs the database tests in three phases: the tests that roll back
in a savepoint, then the transactional ones (each flushes the database,
including the rows the data migrations seeded: subject categories, the root
page, the working-day calendar, letter templates), then the tests without a
database. In one process that order keeps the seeded rows there for every
test that expects them.

xdist's `loadscope` keeps a module's tests together on one worker, so a worker
could run a module's transactional tests and then another module's savepoint
tests on the flushed database. Here each contiguous run of a module (or test
class) in pytest-django's order is its own work unit, and units are handed out
in that order: every worker sees the phases in the order one process would.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling


class PhasedScheduling(LoadScopeScheduling):
    """`loadscope` work units that never reorder pytest-django's phases."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        # Units in collection order (the phases'), not the largest first.
        config.option.loadscopereorder = False
        self._unit_of: dict[str, str] = {}

    def _split_scope(self, nodeid: str) -> str:
        # Asked for every test in collection order when the units are made,
        # and again when a test completes, to find its unit.
        if not self._unit_of:
            self._unit_of = dict(work_units(self.collection))
        return self._unit_of[nodeid]


def work_units(collection: list[str]) -> list[tuple[str, str]]:
    """(nodeid, unit) in collection order: one unit per contiguous run of a scope."""
    units, previous, run = [], None, 0
    for nodeid in collection:
        scope = nodeid.rsplit("::", 1)[0]
        if scope != previous:
            run, previous = run + 1, scope
        units.append((nodeid, f"{scope}#{run}"))
    return units


def ensure_worker_bucket() -> None:
    """Create this worker's bucket (config/settings/test.py) when it is missing.

    Errors are left to the tests: one that needs the store fails on its own
    (tests/conftest.py `s3_client`).
    """
    from django.conf import settings

    if not getattr(settings, "TEST_WORKER", None) or not settings.S3_OPTIONS:
        return
    from botocore.exceptions import BotoCoreError, ClientError

    from tests.s3 import s3_client_for

    options = settings.S3_OPTIONS
    client = s3_client_for(options)
    try:
        client.head_bucket(Bucket=options["bucket_name"])
    except ClientError:
        client.create_bucket(Bucket=options["bucket_name"])
    except BotoCoreError:
        return  # the server is down
