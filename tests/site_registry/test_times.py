"""People see Asia/Shanghai time and "—" for empty values, never UTC or "None" (13.8).

Every page and export is fetched through the admin as the office fetches it.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from inspection.models import Finding
from site_registry import lifecycle
from site_registry.models import SiteProfile
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
NS = "wagtailsnippets_site_registry_siteprofile"
UTC = datetime.UTC
# 02:30 UTC is 10:30 in Shanghai; 16:05 UTC is 00:05 there on the next day.
OPENED = datetime.datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
CLOSED = datetime.datetime(2026, 3, 2, 16, 5, tzinfo=UTC)


@pytest.fixture
def office(client):
    city, fgw, jyj = open_city()
    lifecycle.close_site(profile=jyj, successor=fgw)
    SiteProfile.objects.filter(pk=jyj.pk).update(
        created_at=OPENED, status_changed_at=CLOSED
    )
    SiteProfile.objects.filter(pk=fgw.pk).update(created_at=OPENED)
    user = User.objects.create_superuser("boss", "b@example.invalid", "pw-12345-abc")
    login_verified(client, user)
    client.sites = city, fgw, jyj
    return client


def _fields(html):
    """The detail page's label → value pairs."""
    text = re.sub(r"<[^>]+>", "\n", html)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines


def _after(lines, label):
    return lines[lines.index(label) + 1]


def test_registry_detail_shows_shanghai_time_and_dashes(office):
    _city, fgw, jyj = office.sites
    closed = office.get(reverse(f"{NS}:inspect", args=[jyj.pk]), **HOST)
    lines = _fields(closed.content.decode())
    assert _after(lines, "状态变更时间") == "2026-03-03 00:05"
    assert _after(lines, "开通时间") == "2026-03-01 10:30"
    assert _after(lines, "承接网站") == fgw.name
    running = office.get(reverse(f"{NS}:inspect", args=[fgw.pk]), **HOST)
    lines = _fields(running.content.decode())
    assert _after(lines, "承接网站") == "—"
    assert _after(lines, "状态变更时间") == "—"
    assert "None" not in lines


def test_registry_exports_show_shanghai_time(office):
    url = reverse(f"{NS}:list")
    response = office.get(url, {"export": "xlsx"}, **HOST)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    column = rows[0].index("开通时间")
    opened = {row[0]: row[column] for row in rows[1:]}
    assert opened["示范市教育局网站"] == datetime.datetime(2026, 3, 1, 10, 30)
    response = office.get(url, {"export": "csv"}, **HOST)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("开通时间")
    opened = {row[0]: row[column] for row in rows[1:]}
    assert opened["示范市教育局网站"] == "2026-03-01 10:30"
    assert "None" not in text


def test_findings_export_and_detail_show_shanghai_time(office):
    _city, fgw, _jyj = office.sites
    finding = Finding.objects.create(
        site=fgw,
        rule="content",
        key="k",
        indicator="D7",
        severity="deduction",
        message="错别字",
        target=fgw.root_page.url_path,
        first_seen=OPENED,
        last_seen=CLOSED,
    )
    response = office.get(reverse("inspection_excel"), **HOST)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    header = rows[0]
    row = next(r for r in rows[1:] if "错别字" in r)
    assert row[header.index("首次发现")] == datetime.datetime(2026, 3, 1, 10, 30)
    assert row[header.index("最近发现")] == datetime.datetime(2026, 3, 3, 0, 5)
    detail = office.get(
        reverse("inspection_finding:inspect", args=[finding.pk]), **HOST
    )
    lines = _fields(detail.content.decode())
    assert _after(lines, "首次发现") == "2026-03-01 10:30"
    assert _after(lines, "最近发现") == "2026-03-03 00:05"
    assert _after(lines, "关闭时间") == "—"
    # The listing's template localizes by itself (Chinese date format).
    listing = office.get(reverse("inspection_finding:index"), **HOST)
    assert "2026年3月3日 00:05" in listing.content.decode()


def test_search_report_exports_show_shanghai_time(office):
    from search.models import SearchQueryLog

    _city, fgw, _jyj = office.sites
    log = SearchQueryLog.objects.create(
        query="医保", profile=fgw, result_count=3, duration_ms=9
    )
    SearchQueryLog.objects.filter(pk=log.pk).update(created_at=CLOSED)
    url = reverse("search_reports:top_queries")
    response = office.get(url, {"export": "xlsx"}, **HOST)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "医保"
    assert rows[1][rows[0].index("最近检索时间")] == datetime.datetime(2026, 3, 3, 0, 5)
    response = office.get(url, {"export": "csv"}, **HOST)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2026-03-03 00:05" in text
