"""The demo's disclosure on application (issue #18): two organs, every state
and reply type with their logs, one overdue, one carried over, two appeals."""

import pytest
from django.utils import timezone

from applications.choices import ReplyType, Status
from applications.models import AppealRecord, Application, DisclosureOffice
from applications.selectors.deadlines import overdue
from applications.selectors.statistics import CARRIED_OVER, table_three
from demo.applications import load_demo_applications

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cluster_with_content(module_demo_cluster_with_content, db):
    return module_demo_cluster_with_content


def test_demo_has_applications_in_every_state_and_reply_type(
    demo_cluster_with_content,
):
    offices = DisclosureOffice.objects.select_related("site__root_page")
    assert {o.site.root_page.slug for o in offices} >= {"www", "fgw"}
    demo = Application.objects.filter(registration_number__startswith="DEMO-SQ-")
    assert set(demo.values_list("status", flat=True)) == set(Status.values)
    assert set(demo.exclude(reply_type="").values_list("reply_type", flat=True)) == (
        set(ReplyType.values)
    )
    assert demo.values("organization").distinct().count() == 2
    for application in demo:
        log = list(application.events.all())
        assert log, application.registration_number
        assert log[-1].to_status == application.status
        if application.closed_on:
            assert application.closed_on >= application.received_on
    today = timezone.localdate()
    late = list(overdue(demo, today=today))
    assert [a.registration_number for a in late] == ["DEMO-SQ-005"]
    city = offices.get(site__root_page__slug="www").organization_id
    table = table_three(organization_ids=[city], year=today.year)
    assert table.count(CARRIED_OVER) >= 1
    assert table.balanced
    assert AppealRecord.objects.count() == 2


def test_reloading_does_not_duplicate(demo_cluster_with_content):
    before = (Application.objects.count(), AppealRecord.objects.count())
    events = Application.objects.get(registration_number="DEMO-SQ-005").events.count()
    load_demo_applications()
    assert (Application.objects.count(), AppealRecord.objects.count()) == before
    assert (
        Application.objects.get(registration_number="DEMO-SQ-005").events.count()
        == events
    )
