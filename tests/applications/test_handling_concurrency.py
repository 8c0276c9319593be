"""Two clerks act on one application at once: the row lock serialises them,
so the second sees the first's state and is refused (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from applications.choices import Action, Status
from applications.services import handling
from applications.services.handling import TransitionRefused
from tests.applications.factories import make_application
from tests.applications.handling_helpers import People, at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def test_only_one_of_simultaneous_extensions_wins(postgres):
    people = People()
    application = make_application(people.organization, received_on=date(2026, 3, 2))
    barrier = threading.Barrier(THREADS)
    outcomes, errors = [], []

    def extend(days):
        try:
            barrier.wait()
            handling.extend(
                application,
                user=people.clerk,
                days=days,
                approver=people.head,
                reason="同时提交",
                at=at(date(2026, 3, 4)),
            )
            outcomes.append(days)
        except TransitionRefused as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=extend, args=(days,)) for days in range(1, THREADS + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    winners = [o for o in outcomes if isinstance(o, int)]
    assert len(winners) == 1
    assert outcomes.count("延期答复只能一次。") == THREADS - 1
    application.refresh_from_db()
    assert application.status == Status.EXTENDED
    assert application.extension_days == winners[0]
    assert application.events.filter(action=Action.EXTENDED).count() == 1
