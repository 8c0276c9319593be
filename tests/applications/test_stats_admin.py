"""Due/overdue lists, the statistics screen and its Excel export, the appeal
records: each through the admin path, each scoped to the user's organs."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.choices import AppealKind, AppealResult, Outcome, Status
from applications.models import AppealRecord
from applications.selectors.deadlines import due_soon, overdue
from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from site_registry.models import SiteProfile
from tests.admin_forms import browser_form_data, page_errors
from tests.applications.factories import make_application, make_office, make_user
from tests.two_factor import login_verified
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db


def admin_user(**kwargs):
    user = make_user(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    return user


@pytest.fixture
def world():
    mine = make_office()
    other = make_office(site_profile=mine.site)
    clerk = admin_user(office=mine)
    auditor = admin_user()
    auditor.groups.add(Group.objects.get_or_create(name=AUDITOR_GROUP)[0])
    office = admin_user()
    office.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    return {
        "mine": mine,
        "other": other,
        "clerk": clerk,
        "auditor": auditor,
        "office": office,
    }


def test_deadline_selectors():
    organ = make_office().organization
    today = date(2026, 6, 10)  # a Wednesday
    soon = make_application(organ, due_date=add_working_days(today, 2))
    due_today = make_application(organ, due_date=today, status=Status.EXTENDED)
    later = make_application(organ, due_date=add_working_days(today, 5))
    late = make_application(organ, due_date=today - timedelta(days=3))
    paused_late = make_application(
        organ, due_date=today - timedelta(days=3), status=Status.THIRD_PARTY
    )
    correction_expired = make_application(
        organ,
        status=Status.AWAITING_CORRECTION,
        correction_due=today - timedelta(days=1),
        due_date=today + timedelta(days=1),
    )
    correction_running = make_application(
        organ, status=Status.AWAITING_CORRECTION, correction_due=today
    )
    answered_late = make_application(
        organ,
        due_date=today - timedelta(days=10),
        status=Status.ANSWERED,
        closed_on=today,
        outcome=Outcome.DISCLOSED,
    )
    from applications.models import Application

    qs = Application.objects.all()
    assert list(due_soon(qs, today=today)) == [due_today, soon]
    listed = list(overdue(qs, today=today))
    assert listed == [late, correction_expired]
    assert [a.deadline_kind for a in listed] == ["answer", "correction"]
    assert listed[1].deadline == today - timedelta(days=1)
    for absent in (later, paused_late, correction_running, answered_late):
        assert absent not in listed
    assert later in due_soon(qs, today=today, days=5)


def test_lists_are_scoped_and_filtered(client, world):
    today = timezone.localdate()
    mine = make_application(
        world["mine"].organization,
        info_title="本机关超期申请",
        due_date=today - timedelta(days=2),
    )
    make_application(
        world["other"].organization,
        info_title="其他机关超期申请",
        due_date=today - timedelta(days=2),
    )
    make_application(
        world["mine"].organization,
        info_title="本机关即将到期",
        due_date=today,
    )
    login_verified(client, world["clerk"])
    page = client.get(reverse("applications_overdue")).content.decode()
    assert mine.registration_number in page
    assert "本机关超期申请" in page and "其他机关超期申请" not in page
    assert "本机关即将到期" not in page
    soon = client.get(reverse("applications_due_soon")).content.decode()
    assert "本机关即将到期" in soon and "本机关超期申请" not in soon
    # Filtering on another organ does not widen the clerk's view.
    other_id = world["other"].organization_id
    page = client.get(reverse("applications_overdue"), {"organization": other_id})
    assert "其他机关超期申请" not in page.content.decode()
    login_verified(client, world["auditor"])
    page = client.get(reverse("applications_overdue")).content.decode()
    assert "本机关超期申请" in page and "其他机关超期申请" in page
    page = client.get(
        reverse("applications_overdue"),
        {"organization": world["mine"].organization_id},
    ).content.decode()
    assert "其他机关超期申请" not in page
    # No role: no list.
    nobody = admin_user()
    login_verified(client, nobody)
    assert client.get(reverse("applications_overdue")).status_code in (302, 403)
    assert client.get(reverse("applications_statistics")).status_code in (302, 403)


def _sheet_values(response):
    book = load_workbook(io.BytesIO(response.content))
    return [
        [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        for sheet in book.worksheets
    ]


def test_excel_export_of_a_clerk_counts_only_their_organ(client, world):
    year = timezone.localdate().year - 1
    for organ, n in ((world["mine"].organization, 2), (world["other"].organization, 5)):
        for _i in range(n):
            make_application(
                organ,
                received_on=date(year, 3, 2),
                status=Status.ANSWERED,
                closed_on=date(year, 3, 20),
                outcome=Outcome.DISCLOSED,
                name="王秘密",
                phone="13912345678",
            )
    AppealRecord.objects.create(
        organization=world["other"].organization,
        kind=AppealKind.REVIEW,
        filed_on=date(year, 4, 1),
    )
    login_verified(client, world["clerk"])
    page = client.get(reverse("applications_statistics")).content.decode()
    assert world["mine"].organization.name in page
    assert world["other"].organization.name not in page
    # Asking for the other organ falls back to the clerk's own.
    response = client.get(
        reverse("applications_statistics"),
        {"scope": f"org:{world['other'].organization_id}", "export": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    three, four = _sheet_values(response)
    text = " ".join(str(v) for v in three + four if v is not None)
    assert world["mine"].organization.name in text
    assert world["other"].organization.name not in text
    assert "王秘密" not in text and "13912345678" not in text
    assert 2 in three and 5 not in three
    assert {v for v in four if isinstance(v, int)} == {0}
    # The office counts everything, and governments with their organs.
    SiteProfile.objects.filter(pk=world["mine"].site_id).update(level="city_portal")
    login_verified(client, world["office"])
    page = client.get(reverse("applications_statistics")).content.decode()
    assert "含下属机关" in page
    gov = f"gov:{world['mine'].site_id}"
    response = client.get(
        reverse("applications_statistics"),
        {"scope": gov, "year": year, "export": "xlsx"},
    )
    three, four = _sheet_values(response)
    assert 7 in three
    assert 1 in four


def test_appeal_records_admin(client, world):
    other_record = AppealRecord.objects.create(
        organization=world["other"].organization,
        kind=AppealKind.REVIEW,
        filed_on=date(2025, 1, 2),
        case_number="复2025-9",
    )
    login_verified(client, world["clerk"])
    index = client.get(reverse("applications_appeals:index")).content.decode()
    assert "复2025-9" not in index
    add = reverse("applications_appeals:add")
    # The organ field offers only the clerk's organ.
    data = browser_form_data(
        client,
        add,
        organization=str(world["other"].organization_id),
        kind=AppealKind.LAWSUIT_DIRECT,
        case_number="诉2025-1",
        filed_on="2025-03-01",
        result=AppealResult.UPHELD,
        decided_on="",
    )
    response = client.post(add, data)
    assert response.status_code == 200
    assert not AppealRecord.objects.filter(case_number="诉2025-1").exists()
    data["organization"] = str(world["mine"].organization_id)
    response = client.post(add, data)
    assert "已审结的案件须填写审结日期。" in page_errors(response.content.decode())
    data["decided_on"] = "2025-02-01"
    response = client.post(add, data)
    assert "审结日期不能早于立案日期。" in page_errors(response.content.decode())
    data["decided_on"] = "2025-06-01"
    response = client.post(add, data)
    assert response.status_code == 302
    record = AppealRecord.objects.get(case_number="诉2025-1")
    assert record.organization == world["mine"].organization
    # Another organ's record cannot be opened or changed.
    edit_other = reverse("applications_appeals:edit", args=[other_record.pk])
    assert client.get(edit_other).status_code in (302, 403)
    response = client.post(edit_other, {"case_number": "x"})
    assert response.status_code in (302, 403)
    other_record.refresh_from_db()
    assert other_record.case_number == "复2025-9"
    # Auditors read all and write nothing.
    login_verified(client, world["auditor"])
    index = client.get(reverse("applications_appeals:index")).content.decode()
    assert "复2025-9" in index and "诉2025-1" in index
    assert client.get(add).status_code in (302, 403)
    edit = reverse("applications_appeals:edit", args=[record.pk])
    assert client.get(edit).status_code in (302, 403)
