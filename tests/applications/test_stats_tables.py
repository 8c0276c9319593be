"""Annual-report Tables 三 and 四 computed from hand-built records."""

import random
from datetime import date, timedelta

import pytest

from applications.choices import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Outcome,
    Status,
)
from applications.models import AppealRecord
from applications.selectors.statistics import (
    CARRIED_FORWARD,
    CARRIED_OVER,
    COLUMNS,
    NEW,
    TOTAL,
    table_four,
    table_three,
)
from tests.applications.factories import make_application, make_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def organ():
    return make_office().organization


def closed(organ, received_on, closed_on, outcome, **values):
    return make_application(
        organ,
        received_on=received_on,
        status=Status.ANSWERED,
        closed_on=closed_on,
        outcome=outcome,
        **values,
    )


def test_every_outcome_row_and_every_applicant_column(organ):
    for outcome in Outcome:
        for applicant_type in ApplicantType:
            closed(
                organ,
                date(2025, 3, 2),
                date(2025, 4, 1),
                outcome,
                applicant_type=applicant_type,
            )
    table = table_three(organization_ids=[organ.pk], year=2025)
    for outcome in Outcome:
        for applicant_type in ApplicantType:
            assert table.count(outcome, applicant_type) == 1
        assert table.count(outcome) == len(ApplicantType)
    n = len(Outcome) * len(ApplicantType)
    assert table.count(NEW) == n
    assert table.count(TOTAL) == n
    assert table.count(CARRIED_OVER) == 0
    assert table.count(CARRIED_FORWARD) == 0
    # Group rows sum their items: 8 withheld reasons for each of 6 columns.
    assert table.row("group:withheld_").counts == (8,) * 6 + (48,)
    assert table.row("disclosed").counts == (1,) * 6 + (6,)
    assert table.balanced
    assert len(COLUMNS) == 7


def test_year_boundary_carried_over_and_forward(organ):
    # Received last year, closed this year: carried over, counted as answered.
    closed(organ, date(2024, 12, 20), date(2025, 1, 10), Outcome.DISCLOSED)
    # Received last year, still open: carried over and forward.
    make_application(organ, received_on=date(2024, 12, 30), status=Status.IN_PROGRESS)
    # Received this year, closed next year: new and carried forward.
    closed(organ, date(2025, 12, 29), date(2026, 1, 5), Outcome.PARTIAL)
    # Received and closed last year: not in 2025 at all.
    closed(organ, date(2024, 3, 2), date(2024, 4, 1), Outcome.DISCLOSED)
    # Received next year: not in 2025.
    make_application(organ, received_on=date(2026, 1, 2))
    # Submitted online, never confirmed: never received, never counted.
    make_application(organ, received_on=None, status=Status.SUBMITTED)
    # Closed on 31 December: answered in 2025, not carried forward.
    closed(
        organ,
        date(2025, 12, 1),
        date(2025, 12, 31),
        Outcome.WITHHELD_LAW,
        applicant_type=ApplicantType.COMMERCIAL,
    )
    table = table_three(organization_ids=[organ.pk], year=2025)
    assert table.count(NEW) == 2
    assert table.count(CARRIED_OVER) == 2
    assert table.count(TOTAL) == 2
    assert table.count(Outcome.DISCLOSED) == 1
    assert table.count(Outcome.PARTIAL) == 0
    assert table.count(Outcome.WITHHELD_LAW, ApplicantType.COMMERCIAL) == 1
    assert table.count(CARRIED_FORWARD) == 2
    assert table.balanced
    next_year = table_three(organization_ids=[organ.pk], year=2026)
    assert next_year.count(CARRIED_OVER) == 2
    assert next_year.count(Outcome.PARTIAL) == 1


def test_other_organs_do_not_count(organ):
    other = make_office().organization
    closed(other, date(2025, 3, 2), date(2025, 4, 1), Outcome.DISCLOSED)
    table = table_three(organization_ids=[organ.pk], year=2025)
    assert table.count(NEW) == 0
    both = table_three(organization_ids=[organ.pk, other.pk], year=2025)
    assert both.count(NEW) == 1


def test_identity_holds_on_random_data(organ):
    rng = random.Random(18)
    for _n in range(150):
        received = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        applicant_type = rng.choice(ApplicantType.values)
        if rng.random() < 0.3:
            make_application(
                organ,
                received_on=received,
                status=Status.IN_PROGRESS,
                applicant_type=applicant_type,
            )
        else:
            closed(
                organ,
                received,
                received + timedelta(days=rng.randrange(60)),
                rng.choice(Outcome.values),
                applicant_type=applicant_type,
            )
    for year in (2023, 2024, 2025, 2026):
        table = table_three(organization_ids=[organ.pk], year=year)
        assert table.balanced, year
        for i in range(len(COLUMNS)):
            row = {key: table.row(key).counts[i] for key in (NEW, CARRIED_OVER)}
            out = {key: table.row(key).counts[i] for key in (TOTAL, CARRIED_FORWARD)}
            assert sum(row.values()) == sum(out.values())
        # 总计 is the sum of the outcome items, and of the groups.
        items = [table.count(o) for o in Outcome.values]
        assert sum(items) == table.count(TOTAL)


def appeal(organ, kind, filed_on, result=AppealResult.PENDING, decided_on=None):
    return AppealRecord.objects.create(
        organization=organ,
        kind=kind,
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
    )


def test_table_four(organ):
    review = AppealKind.REVIEW
    appeal(organ, review, date(2025, 2, 1), AppealResult.UPHELD, date(2025, 4, 1))
    appeal(organ, review, date(2025, 2, 1), AppealResult.CORRECTED, date(2025, 5, 1))
    # Decided next year: pending at the end of 2025.
    appeal(organ, review, date(2025, 11, 1), AppealResult.OTHER, date(2026, 2, 1))
    appeal(organ, review, date(2025, 11, 1))
    # Decided last year: not in 2025.
    appeal(organ, review, date(2024, 1, 1), AppealResult.UPHELD, date(2024, 3, 1))
    appeal(organ, AppealKind.LAWSUIT_DIRECT, date(2024, 6, 1))
    appeal(
        organ,
        AppealKind.LAWSUIT_AFTER_REVIEW,
        date(2025, 1, 5),
        AppealResult.OTHER,
        date(2025, 6, 1),
    )
    # Filed next year: not in 2025.
    appeal(organ, AppealKind.LAWSUIT_DIRECT, date(2026, 1, 5))
    table = table_four(organization_ids=[organ.pk], year=2025)
    assert table.blocks[AppealKind.REVIEW] == (1, 1, 0, 2, 4)
    assert table.blocks[AppealKind.LAWSUIT_DIRECT] == (0, 0, 0, 1, 1)
    assert table.blocks[AppealKind.LAWSUIT_AFTER_REVIEW] == (0, 0, 1, 0, 1)
    assert table.cells == [1, 1, 0, 2, 4, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    other = make_office().organization
    assert table_four(organization_ids=[other.pk], year=2025).cells == [0] * 15
