"""The publication time limit (#17.7): the plain function across holidays and
make-up days, the per-cluster setting, the admin report with its per-site
reading rights, the edit-screen warning and the inspection's deduction."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from disclosure_pages.deadlines import timeliness
from disclosure_pages.models import DisclosureDocumentPage, PublicationDeadlineSettings
from inspection.choices import Severity
from inspection.registry import get_rule
from inspection.rules.base import InspectionContext
from site_registry.models import SiteProfile
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)
from tests.two_factor import login_verified

D = date.fromisoformat


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("formed", "published", "limit", "due", "late", "days_late"),
    [
        # Plain weeks: 20 working days from Monday 3 March is Monday 31 March.
        ("2025-03-03", "2025-03-31", 20, "2025-03-31", False, 0),
        ("2025-03-03", "2025-04-01", 20, "2025-03-31", True, 1),
        # 春节 2025: make-up Sunday 26 Jan and Saturday 8 Feb count, 28 Jan –
        # 4 Feb do not (the 10-day local limit).
        ("2025-01-20", "2025-02-08", 10, "2025-02-08", False, 0),
        ("2025-01-20", "2025-02-09", 10, "2025-02-08", True, 0),  # a Sunday
        ("2025-01-20", "2025-02-10", 10, "2025-02-08", True, 1),
        # 劳动节 2025: make-up Sunday 27 Apr, 1–5 May off.
        ("2025-04-25", "2025-04-29", 3, "2025-04-29", False, 0),
        ("2025-04-25", "2025-05-06", 3, "2025-04-29", True, 2),
        # 国庆 2025: make-up 28 Sep, 1–8 Oct off, make-up Saturday 11 Oct.
        ("2025-09-19", "2025-10-10", 10, "2025-10-10", False, 0),
        ("2025-09-19", "2025-10-11", 10, "2025-10-10", True, 1),
        # Published the day it was written.
        ("2025-06-03", "2025-06-03", 20, "2025-07-01", False, 0),
        # A year without a schedule follows the plain week.
        ("2030-01-04", "2030-01-07", 1, "2030-01-07", False, 0),
        ("2030-01-04", "2030-01-08", 1, "2030-01-07", True, 1),
    ],
)
def test_timeliness(formed, published, limit, due, late, days_late):
    result = timeliness(
        formed_on=D(formed), published_on=D(published), working_days=limit
    )
    assert (result.due, result.late, result.working_days_late) == (
        D(due),
        late,
        days_late,
    )


def _back_date(document, *, written: date, published: date) -> DisclosureDocumentPage:
    # As an inspection sees a document published earlier (the model refuses
    # back-dating through the page API, so the row is written directly).
    moment = timezone.make_aware(
        datetime.datetime.combine(published, datetime.time(10, 0))
    )
    DisclosureDocumentPage.objects.filter(pk=document.pk).update(
        written_date=written, first_published_at=moment
    )
    return DisclosureDocumentPage.objects.get(pk=document.pk)


class LateDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, home = make_site("late", hostname="late.localhost")
        _catalog, cls.column = make_catalog(home)
        cls.other_site, other_home = make_site("lat2", hostname="lat2.localhost")
        _catalog, cls.other_column = make_catalog(other_home)
        cls.organization = make_organization("示范市君山区人民政府办公室")
        cls.profile = SiteProfile.objects.get(site=cls.site)
        cls.other_profile = SiteProfile.objects.get(site=cls.other_site)
        today = timezone.localdate()
        # 60 calendar days: late under any limit of at most 20 working days.
        cls.late = _back_date(
            make_document(cls.column, organization=cls.organization, title="迟发文件"),
            written=today - datetime.timedelta(days=70),
            published=today - datetime.timedelta(days=10),
        )
        cls.on_time = _back_date(
            make_document(cls.column, organization=cls.organization, title="及时文件"),
            written=today - datetime.timedelta(days=12),
            published=today - datetime.timedelta(days=10),
        )
        # 16 calendar days: late under 10 working days, on time under 20.
        cls.borderline = _back_date(
            make_document(cls.column, organization=cls.organization, title="十日文件"),
            written=today - datetime.timedelta(days=40),
            published=today - datetime.timedelta(days=12),
        )
        cls.imported = _back_date(
            make_document(cls.column, organization=cls.organization, title="导入文件"),
            written=today - datetime.timedelta(days=400),
            published=today - datetime.timedelta(days=20),
        )
        DisclosureDocumentPage.objects.filter(pk=cls.imported.pk).update(imported=True)
        cls.elsewhere = _back_date(
            make_document(
                cls.other_column, organization=cls.organization, title="他站迟发文件"
            ),
            written=today - datetime.timedelta(days=70),
            published=today - datetime.timedelta(days=10),
        )

    def _findings(self, limit):
        settings = PublicationDeadlineSettings.load()
        settings.working_days = limit
        settings.save()
        rule = get_rule("late_publication")
        return list(
            rule.check(
                site=self.profile,
                context=InspectionContext(today=timezone.localdate()),
            )
        )

    def test_inspection_deducts_once_per_late_document(self):
        problems = self._findings(20)
        titles = [p.message.split("》")[0].lstrip("《") for p in problems]
        # 16 calendar days between written date and publication may or may not
        # exceed 20 working days; 58 days always do; imported ones are skipped.
        assert "迟发文件" in titles
        assert "及时文件" not in titles
        assert "导入文件" not in titles
        assert "他站迟发文件" not in titles
        assert all(p.severity == Severity.DEDUCTION for p in problems)
        assert all(p.indicator == "D3" for p in problems)
        late = next(p for p in problems if p.page_id == self.late.pk)
        assert "（20个工作日）" in late.message
        assert late.fingerprint == "late-publication"

    def test_a_stricter_local_limit_finds_more(self):
        strict = {p.page_id for p in self._findings(10)}
        assert {self.late.pk, self.borderline.pk} <= strict
        assert self.on_time.pk not in strict

    def test_outside_the_window_is_not_inspected(self):
        rule = get_rule("late_publication")
        later = timezone.localdate() + datetime.timedelta(days=400)
        assert (
            list(rule.check(site=self.profile, context=InspectionContext(today=later)))
            == []
        )


class LateDocumentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, home = make_site("rpt", hostname="rpt.localhost")
        _catalog, cls.column = make_catalog(home)
        cls.other_site, other_home = make_site("rpt2", hostname="rpt2.localhost")
        _catalog, other_column = make_catalog(other_home)
        organization = make_organization("示范市报告机构")
        today = timezone.localdate()
        cls.late = _back_date(
            make_document(cls.column, organization=organization, title="本站迟发"),
            written=today - datetime.timedelta(days=70),
            published=today - datetime.timedelta(days=10),
        )
        cls.other_late = _back_date(
            make_document(other_column, organization=organization, title="他站迟发"),
            written=today - datetime.timedelta(days=70),
            published=today - datetime.timedelta(days=10),
        )
        cls.profile = SiteProfile.objects.get(site=cls.site)
        cls.other_profile = SiteProfile.objects.get(site=cls.other_site)
        cls.editor = get_user_model().objects.create_user(
            "rpt-editor", "e@example.invalid", "pw"
        )
        cls.editor.groups.add(cls.profile.editors_group)
        cls.admin = get_user_model().objects.create_superuser(
            "rpt-admin", "a@example.invalid", "pw"
        )

    def test_office_sees_every_site(self):
        login_verified(self.client, self.admin)
        response = self.client.get(reverse("disclosure_pages:late_documents"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "本站迟发" in text and "他站迟发" in text

    def test_an_editor_reads_only_their_own_site(self):
        login_verified(self.client, self.editor)
        response = self.client.get(reverse("disclosure_pages:late_documents"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "本站迟发" in text
        assert "他站迟发" not in text
        refused = self.client.get(
            reverse("disclosure_pages:late_documents"),
            {"site": self.other_profile.pk},
        )
        # Wagtail's admin answers PermissionDenied with a redirect home.
        assert refused.status_code == 302
        assert refused["Location"] == reverse("wagtailadmin_home")

    def test_the_edit_screen_warns(self):
        login_verified(self.client, self.admin)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=(self.late.pk,))
        )
        assert response.status_code == 200
        assert "已超过公开时限" in response.content.decode()

    def test_the_office_edits_the_limit_in_the_admin(self):
        login_verified(self.client, self.admin)
        start = reverse(
            "wagtailsettings:edit",
            args=("disclosure_pages", "publicationdeadlinesettings"),
        )
        # The generic setting's screen is addressed by its row (a redirect).
        url = self.client.get(start, follow=True).redirect_chain[-1][0]
        response = self.client.post(
            url, {"working_days": "10", "basis": "君山区工作方案"}
        )
        assert response.status_code == 302
        assert PublicationDeadlineSettings.load().working_days == 10
        response = self.client.post(url, {"working_days": "30", "basis": ""})
        assert response.status_code == 200
        assert PublicationDeadlineSettings.load().working_days == 10
