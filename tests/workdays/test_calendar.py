from datetime import date

import pytest

from workdays.calendar import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-03-03", 0, "2025-03-03"),  # zero days: the day itself
        ("2025-03-07", 1, "2025-03-10"),  # Friday + 1 → Monday
        ("2025-03-08", 1, "2025-03-10"),  # received on Saturday
        ("2025-01-24", 1, "2025-01-26"),  # make-up Sunday before 春节 works
        ("2025-01-27", 1, "2025-02-05"),  # 春节 28 Jan – 4 Feb off
        ("2025-02-07", 1, "2025-02-08"),  # make-up Saturday after 春节
        ("2025-09-30", 1, "2025-10-09"),  # 国庆 1–8 Oct off
        ("2025-12-31", 2, "2026-01-05"),  # year boundary: 元旦 1–3 Jan, 4 Jan works
        ("2025-12-31", 1, "2026-01-04"),
        ("2026-02-13", 1, "2026-02-14"),  # make-up Saturday before 春节 2026
        ("2026-02-14", 1, "2026-02-24"),  # 春节 15–23 Feb off
        ("2026-04-30", 1, "2026-05-06"),  # 劳动节 1–5 May off
        ("2026-05-08", 1, "2026-05-09"),  # make-up Saturday
        ("2026-09-24", 20, "2026-10-29"),  # 中秋 + 国庆 inside a 20-day deadline
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(D(start), n) == D(expected)
    assert working_days_between(D(start), D(expected)) == n


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-01-01", False),  # 元旦, Wednesday
        ("2025-01-26", True),  # make-up Sunday (春节)
        ("2025-02-08", True),  # make-up Saturday (春节)
        ("2025-04-27", True),  # make-up Sunday (劳动节)
        ("2025-05-05", False),  # 劳动节, Monday
        ("2025-10-11", True),  # make-up Saturday (国庆节、中秋节)
        ("2025-12-31", True),  # last working day of 2025
        ("2026-01-01", False),  # 元旦 2026, Thursday
        ("2026-01-02", False),
        ("2026-01-04", True),  # make-up Sunday (元旦) across the year boundary
        ("2026-02-28", True),  # make-up Saturday after 春节
        ("2026-09-20", True),  # make-up Sunday (国庆节)
        ("2026-10-07", False),
        ("2026-10-10", True),  # make-up Saturday (国庆节)
        ("2026-10-11", False),  # plain Sunday
    ],
)
def test_working_day_table(day, working):
    assert is_working_day(D(day)) is working


def test_weekday_holiday_and_makeup_weekend():
    assert not is_working_day(D("2025-10-01"))  # Wednesday, 国庆
    assert is_working_day(D("2025-09-28"))  # Sunday, 调休上班
    assert not is_working_day(D("2025-03-08"))  # plain Saturday
    assert is_working_day(D("2027-03-01"))  # beyond the data: the plain week


def test_negative_and_reversed():
    with pytest.raises(ValueError):
        add_working_days(D("2025-03-03"), -1)
    assert working_days_between(D("2025-03-10"), D("2025-03-03")) == 0
