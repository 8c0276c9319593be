"""Veto V6 (服务不实用): a site without services, guides lacking elements."""

import datetime

from django.test import TestCase

from inspection.choices import Indicator, Severity
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from service_guides.models import ServiceExemption, ServiceGuidePage
from site_registry import lifecycle
from site_registry.models import SiteProfile
from tests.factories import disclosure as factories
from tests.factories.services import make_guide, make_service_index

TODAY = datetime.date(2026, 6, 30)


def run(profile):
    rule = get_rule("service_guides")
    return list(rule.check(site=profile, context=InspectionContext(TODAY)))


class V6Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site, cls.home = factories.make_site("vs", hostname="vs.localhost")
        cls.profile = SiteProfile.objects.get(site=site)
        cls.index = make_service_index(cls.home)
        cls.organization = factories.make_organization()

    def test_a_site_without_live_guides_is_vetoed(self):
        make_guide(self.index, organization=self.organization, publish=False)
        [problem] = run(self.profile)
        self.assertEqual(problem.indicator, Indicator.V6)
        self.assertEqual(problem.severity, Severity.VETO)
        self.assertEqual(problem.message, "网站没有提供办事服务：未发布任何办事指南。")

    def test_an_exempted_site_is_not_vetoed(self):
        ServiceExemption.objects.create(
            site=self.profile, reason="本机关无对外办理的政务服务事项。"
        )
        self.assertEqual(run(self.profile), [])

    def test_complete_guides_pass(self):
        make_guide(self.index, organization=self.organization)
        self.assertEqual(run(self.profile), [])

    def test_one_finding_per_guide_naming_the_missing_elements(self):
        complete = make_guide(self.index, organization=self.organization)
        broken = make_guide(
            self.index, organization=self.organization, title="户口迁移"
        )
        other = make_guide(self.index, organization=self.organization, title="出生登记")
        # Changed behind the publication gate's back (a bulk write).
        ServiceGuidePage.objects.filter(pk=broken.pk).update(fees="  ", phone="")
        broken.steps.all().delete()
        ServiceGuidePage.objects.filter(pk=other.pk).update(organization=None)
        problems = run(self.profile)
        self.assertEqual(
            sorted(p.message for p in problems),
            [
                "办事指南“出生登记”缺少要素：办理机构。",
                "办事指南“户口迁移”缺少要素：收费标准、联系电话、办理流程。",
            ],
        )
        by_page = {p.page_id: p for p in problems}
        self.assertNotIn(complete.pk, by_page)
        self.assertTrue(
            by_page[broken.pk].link.endswith(f"/admin/pages/{broken.pk}/edit/")
        )
        self.assertTrue(all(p.severity == Severity.VETO for p in problems))

    def test_a_portals_guides_do_not_count_for_its_subsite(self):
        make_guide(self.index, organization=self.organization)
        portal = SiteProfile.objects.get(root_page=self.home)
        portal.level = "county_portal"
        portal.save(update_fields=["level"])
        subsite = lifecycle.open_site(
            name="测试镇人民政府",
            level="township",
            parent=portal,
            subsite_slug="zhen",
            home_title="测试镇",
            organizer="测试镇人民政府",
        )
        self.assertEqual(run(portal), [])
        [problem] = run(subsite)
        self.assertEqual(problem.page_id, subsite.root_page_id)


class ExemptionAdminTests(TestCase):
    """Only the office keeps the list of sites without public services."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from core.roles import OFFICE_GROUP

        site, _home = factories.make_site("ex", hostname="ex.localhost")
        cls.profile = SiteProfile.objects.get(site=site)
        users = get_user_model().objects
        cls.office = users.create_user("ex-office", password="Very-long-pw-2026!")
        cls.office.groups.add(Group.objects.get(name=OFFICE_GROUP))
        cls.editor = users.create_user("ex-editor", password="Very-long-pw-2026!")
        cls.editor.groups.add(cls.profile.editors_group)

    def test_the_office_exempts_a_site_and_an_editor_cannot(self):
        from django.urls import reverse

        from tests.admin_forms import browser_form_data
        from tests.two_factor import login_verified

        url = reverse("wagtailsnippets_service_guides_serviceexemption:add")
        login_verified(self.client, self.editor)
        self.assertEqual(self.client.get(url).status_code, 302)
        login_verified(self.client, self.office)
        data = browser_form_data(
            self.client, url, site=str(self.profile.pk), reason="本机关无对外服务事项。"
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(ServiceExemption.objects.get().site, self.profile)
        self.assertEqual(run(self.profile), [])
