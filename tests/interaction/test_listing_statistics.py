"""Yearly statistics on a small fixed dataset whose answers span holidays."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from interaction.choices import InvalidReason, MessageStatus
from interaction.models import Message
from interaction.selectors.statistics import YearStatistics, yearly_statistics
from tests.interaction.listing_data import SHANGHAI, channel, message, profile
from workdays.calendar import working_day_counter, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    return module_demo_cluster


@pytest.fixture
def dataset(demo_cluster):
    www = channel(profile("www.localhost"))
    # 2025: 国庆 1–8 Oct off → Sep 30 to Oct 10 is 2 working days (9, 10 Oct).
    message(www, received="2025-09-30", answered="2025-10-10")
    # Mon 3 Mar → Mon 10 Mar: 5 working days; answered, kept private.
    message(www, received="2025-03-03", answered="2025-03-10", published=False)
    message(www, received="2025-06-02", answered=None, published=False)
    message(
        www, received="2025-06-03", answered=None, published=False,
        status=MessageStatus.INVALID, invalid_reason=InvalidReason.SPAM,
    )  # fmt: skip
    # 2026: 春节 15–23 Feb off, Sat 14 Feb works → 13 Feb to 24 Feb: 2 days.
    message(www, received="2026-02-13", answered="2026-02-24")
    message(www, received="2026-11-30", answered="2026-12-04")  # 4 days
    # 00:30 on 1 Jan in Shanghai is still 31 Dec in UTC: counted in 2026.
    # 元旦 1–3 Jan off, Sun 4 Jan works → 1 Jan to Mon 5 Jan: 2 days.
    new_year = message(www, received="2026-01-01", answered="2026-01-05")
    Message.objects.filter(pk=new_year.pk).update(
        received_at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI)
    )
    # Another site's messages are not counted.
    message(channel(profile("dc.localhost")), received="2025-05-05")
    return www


def test_yearly_statistics(dataset):
    assert yearly_statistics(dataset.site) == [
        YearStatistics(
            2026, received=3, answered=3, published=3, average_working_days=2.7
        ),
        YearStatistics(
            2025, received=3, answered=2, published=1, average_working_days=3.5
        ),
    ]


def test_statistics_page_shows_the_table(dataset):
    html = Client().get("/interaction/statistics/", HTTP_HOST="www.localhost")
    assert html.status_code == 200
    text = html.content.decode()
    assert '<th scope="row">2026</th><td>3</td><td>3</td><td>2.7</td><td>3</td>' in text
    assert '<th scope="row">2025</th><td>3</td><td>2</td><td>3.5</td><td>1</td>' in text


def test_counter_agrees_with_working_days_between(db):
    between = working_day_counter(D("2025-01-01"), D("2026-12-31"))
    start = D("2025-01-20")
    for offset in range(0, 400, 7):
        for length in (0, 1, 3, 9, 30):
            a = start + datetime.timedelta(days=offset)
            b = a + datetime.timedelta(days=length)
            assert between(a, b) == working_days_between(a, b), (a, b)
