"""The calendar's admin: who may see and change it, the form and the upload screen.

Every change goes through the admin pages as the browser posts them.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from site_registry import roles
from tests.browser_form import form_data
from tests.factories.disclosure import ensure_tree_root
from tests.site_registry.factories import open_full_site
from tests.two_factor import login_verified
from workdays.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db

INDEX = "workdays_calendar:index"
ADD = "workdays_calendar:add"
EDIT = "workdays_calendar:edit"
DELETE = "workdays_calendar:delete"
IMPORT = "workdays_calendar:import"


def _denied(response):
    # Wagtail's generic views redirect a refusal to the dashboard; plain
    # views answer 403.
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


@pytest.fixture
def users(django_user_model):
    ensure_tree_root()
    office_group, auditor_group = roles.ensure_cluster_roles()
    made = {}
    for name, group in (("office", office_group), ("auditor", auditor_group)):
        user = django_user_model.objects.create_user(name, password="pw-12345-abc")
        user.groups.add(group)
        made[name] = user
    return made


@pytest.fixture
def editor(django_user_model):
    site = open_full_site("示范市教育局网站", "jyj.city.localhost")
    user = django_user_model.objects.create_user("editor", password="pw-12345-abc")
    user.groups.add(site.editors_group)
    return user


def _login(client, user):
    login_verified(client, user)
    return client


def test_office_adds_edits_and_resaves_a_day(client, users):
    _login(client, users["office"])
    url = reverse(ADD)
    data = form_data(client.get(url).content.decode(), action=url)
    data.update(date="2027-10-01", kind="holiday", name="国庆节", source="通知")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(date="2027-10-01")
    assert day.kind == DayKind.HOLIDAY

    edit = reverse(EDIT, args=[day.pk])
    data = form_data(client.get(edit).content.decode(), action=edit)
    assert client.post(edit, data).status_code == 302  # re-save unchanged
    day.refresh_from_db()
    assert (day.kind, day.name, day.source) == ("holiday", "国庆节", "通知")

    data["kind"] = "workday"
    assert client.post(edit, data).status_code == 302
    day.refresh_from_db()
    assert day.kind == DayKind.WORKDAY


def test_duplicate_date_in_the_form_is_refused(client, users):
    _login(client, users["office"])
    url = reverse(ADD)
    data = form_data(client.get(url).content.decode(), action=url)
    data.update(date="2025-10-01", kind="holiday", name="国庆节")
    response = client.post(url, data)
    assert response.status_code == 200
    assert CalendarDay.objects.filter(date="2025-10-01").count() == 1


def test_year_filter(client, users):
    _login(client, users["auditor"])
    html = client.get(reverse(INDEX), {"year": "2026"}).content.decode()
    assert "2026-10-01" in html or "2026年10月1日" in html
    assert "2025-10-01" not in html and "2025年10月1日" not in html
    listed = client.get(reverse(INDEX), {"year": "2026"}).context["object_list"]
    assert {day.date.year for day in listed} == {2026}


def test_auditor_reads_but_cannot_change(client, users):
    _login(client, users["auditor"])
    day = CalendarDay.objects.get(date="2025-10-01")
    assert client.get(reverse(INDEX)).status_code == 200
    assert (
        client.get(reverse("workdays_calendar:inspect", args=[day.pk])).status_code
        == 200
    )
    assert _denied(client.get(reverse(ADD)))
    assert _denied(client.post(reverse(EDIT, args=[day.pk]), {"kind": "workday"}))
    assert _denied(client.post(reverse(DELETE, args=[day.pk])))
    assert _denied(client.get(reverse(IMPORT)))
    day.refresh_from_db()
    assert day.kind == DayKind.HOLIDAY


def test_editor_sees_nothing(client, editor):
    _login(client, editor)
    day = CalendarDay.objects.get(date="2025-10-01")
    assert _denied(client.get(reverse(INDEX)))
    assert _denied(client.get(reverse(EDIT, args=[day.pk])))
    assert _denied(client.get(reverse(IMPORT)))
    upload = SimpleUploadedFile("x.csv", b"date,kind,name\n2025-10-01,workday,x\n")
    assert _denied(client.post(reverse(IMPORT), {"file": upload}))
    assert CalendarDay.objects.get(date="2025-10-01").kind == DayKind.HOLIDAY
    assert "工作日历" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_office_uploads_a_schedule(client, users):
    _login(client, users["office"])
    url = reverse(IMPORT)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "2027.csv",
        "date,kind,name,source\n2027-01-01,放假,元旦,通知\n2027-02-07,上班,春节,通知\n".encode(),
        content_type="text/csv",
    )
    response = client.post(url, {"file": upload}, follow=True)
    assert "新增2天" in response.content.decode()
    assert CalendarDay.objects.get(date="2027-02-07").kind == DayKind.WORKDAY


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "2027.csv",
            "date,kind,name\n2027-01-01,放假,元旦\n2027-01-32,放假,元旦\n",
            "第3行：日期“2027-01-32”无效",
        ),
        (
            "2027.csv",
            "date,kind,name\n2027-01-01,放假,元旦\n2027-01-01,上班,元旦\n",
            "第3行：日期2027-01-01与第2行重复",
        ),
        ("2027.txt", "date,kind,name\n2027-01-01,放假,元旦\n", "只能导入CSV或JSON文件"),
        ("2027.json", "%PDF-1.7 \x00\x01", "文件不是文本文件"),
        ("2027.csv", "date,kind,name\n" + "2027-01-01,放假,元旦\n" * 20000, "文件过大"),
    ],
)
def test_bad_upload_shows_chinese_errors_and_writes_nothing(
    client, users, name, content, expected
):
    _login(client, users["office"])
    before = CalendarDay.objects.count()
    upload = SimpleUploadedFile(name, content.encode())
    response = client.post(reverse(IMPORT), {"file": upload})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert CalendarDay.objects.count() == before
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_office_role_grants_the_calendar():
    ensure_tree_root()
    office, auditor = roles.ensure_cluster_roles()
    office_perms = set(office.permissions.values_list("codename", flat=True))
    assert {
        "add_calendarday",
        "change_calendarday",
        "delete_calendarday",
    } <= office_perms
    auditor_perms = set(auditor.permissions.values_list("codename", flat=True))
    assert "view_calendarday" in auditor_perms
    assert "change_calendarday" not in auditor_perms
    assert Group.objects.filter(name=roles.OFFICE_GROUP).exists()
