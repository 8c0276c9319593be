"""The guide's admin form posted as the browser posts it: a draft saves with
missing elements, publication is refused naming them, a complete guide
publishes, and re-saving it unchanged keeps every element."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from service_guides.models import ServiceGuidePage
from site_registry.models import SiteProfile
from tests.admin_forms import browser_form_data, page_errors
from tests.factories import disclosure as factories
from tests.factories.services import COMPLETE, make_guide, make_service_index
from tests.two_factor import login_verified

PASSWORD = "Very-long-pw-2026!"


class GuideAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site, cls.home = factories.make_site("bs", hostname="bs.localhost")
        cls.profile = SiteProfile.objects.get(site=site)
        cls.index = make_service_index(cls.home)
        cls.organization = factories.make_organization("测试办事机构")
        cls.organization.sites.add(cls.profile)
        cls.admin = get_user_model().objects.create_superuser(
            "bs-admin", "bs@example.invalid", PASSWORD
        )

    def setUp(self):
        login_verified(self.client, self.admin)

    def add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=["service_guides", "serviceguidepage", self.index.pk],
        )

    def edit_url(self, page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def test_draft_saves_publish_refused_then_published_and_resaved(self):
        # 1. A draft with only a title and a phone number: saved.
        data = browser_form_data(
            self.client, self.add_url(), title="居民身份证换领", phone="0531-88001234"
        )
        response = self.client.post(self.add_url(), data)
        guide = ServiceGuidePage.objects.get(title="居民身份证换领")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(guide.live)

        # 2. Publishing it is refused, naming each missing element in Chinese.
        url = self.edit_url(guide)
        data = browser_form_data(self.client, url)
        data["action-publish"] = "1"
        response = self.client.post(url, data, follow=True)
        html = response.content.decode()
        self.assertContains(response, "发布前检查未通过")
        for label in (
            "设定依据",
            "申请条件",
            "办理材料",
            "办理地点",
            "办理机构",
            "收费标准",
            "办理时间",
            "办理流程",
        ):
            self.assertIn(f"必填元数据“{label}”未填写", html)
        self.assertNotIn("必填元数据“联系电话”未填写", html)
        guide.refresh_from_db()
        self.assertFalse(guide.live)

        # 3. Filled in (two materials, three ordered steps): published.
        data = browser_form_data(
            self.client,
            url,
            organization=str(self.organization.pk),
            **{key: value for key, value in COMPLETE.items() if key != "phone"},
        )
        data.update(
            {
                "materials-TOTAL_FORMS": "2",
                "materials-INITIAL_FORMS": "0",
                "materials-MIN_NUM_FORMS": "0",
                "materials-MAX_NUM_FORMS": "1000",
                "materials-0-name": "居民户口簿",
                "materials-0-form": "original",
                "materials-0-originals": "1",
                "materials-0-copies": "0",
                "materials-0-notes": "核验后退还",
                "materials-0-ORDER": "1",
                "materials-1-name": "近期免冠照片",
                "materials-1-form": "original_and_copy",
                "materials-1-originals": "1",
                "materials-1-copies": "2",
                "materials-1-notes": "",
                "materials-1-ORDER": "2",
                "steps-TOTAL_FORMS": "3",
                "steps-INITIAL_FORMS": "0",
                "steps-MIN_NUM_FORMS": "0",
                "steps-MAX_NUM_FORMS": "1000",
                "steps-0-title": "申请",
                "steps-0-description": "申请人到窗口提交材料。",
                "steps-0-ORDER": "1",
                "steps-1-title": "受理",
                "steps-1-description": "",
                "steps-1-ORDER": "2",
                "steps-2-title": "办结",
                "steps-2-description": "",
                "steps-2-ORDER": "3",
                "action-publish": "1",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, page_errors(response.content))
        guide = ServiceGuidePage.objects.get(pk=guide.pk)
        self.assertTrue(guide.live)
        self.assertEqual(
            [(m.name, m.form, m.originals, m.copies) for m in guide.materials.all()],
            [
                ("居民户口簿", "original", 1, 0),
                ("近期免冠照片", "original_and_copy", 1, 2),
            ],
        )
        self.assertEqual([s.title for s in guide.steps.all()], ["申请", "受理", "办结"])

        # 4. Re-saved and re-published unchanged: every element is kept.
        before = self._elements(guide)
        for action in ({}, {"action-publish": "1"}):
            data = browser_form_data(self.client, url, **action)
            response = self.client.post(url, data)
            self.assertEqual(response.status_code, 302, page_errors(response.content))
            guide = ServiceGuidePage.objects.get(pk=guide.pk)
            self.assertEqual(self._elements(guide), before)
            latest = guide.get_latest_revision_as_object()
            self.assertEqual(self._elements(latest), before)
        self.assertTrue(guide.live)

    @staticmethod
    def _elements(guide):
        return (
            guide.title,
            guide.legal_basis,
            guide.conditions,
            guide.location,
            guide.organization_id,
            guide.fees,
            guide.hours,
            guide.phone,
            guide.online_url,
            [
                (m.name, m.form, m.originals, m.copies, m.notes)
                for m in guide.materials.all()
            ],
            [(s.title, s.description) for s in guide.steps.all()],
        )

    def test_hostile_values_are_refused_with_chinese_errors(self):
        guide = make_guide(self.index, organization=self.organization, publish=False)
        guide.save_revision()
        url = self.edit_url(guide)
        data = browser_form_data(
            self.client,
            url,
            phone="call me",
            online_url="javascript:alert(1)",
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        errors = " ".join(page_errors(response.content.decode()))
        self.assertIn("联系电话格式不正确", errors)
        self.assertIn("在线办理地址必须是以 http:// 或 https:// 开头", errors)
        guide.refresh_from_db()
        self.assertEqual(guide.phone, COMPLETE["phone"])

    def test_material_counts_must_fit_the_form(self):
        guide = make_guide(self.index, organization=self.organization, publish=False)
        guide.save_revision()
        url = self.edit_url(guide)
        data = browser_form_data(
            self.client, url, **{"materials-0-form": "copy", "materials-0-copies": "0"}
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        errors = " ".join(page_errors(response.content.decode()))
        self.assertIn("需要复印件时，复印件份数至少为 1 份", errors)

    def test_an_organisation_of_another_site_is_refused_for_an_editor(self):
        other = factories.make_organization("别的网站的机构")
        editor = get_user_model().objects.create_user("bs-editor", password=PASSWORD)
        editor.groups.add(self.profile.editors_group)
        login_verified(self.client, editor)
        guide = make_guide(self.index, organization=self.organization, publish=False)
        guide.save_revision()
        url = self.edit_url(guide)
        data = browser_form_data(self.client, url, organization=str(other.pk))
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "不能选择“别的网站的机构”", " ".join(page_errors(response.content.decode()))
        )
