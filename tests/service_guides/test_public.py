"""The 办事服务 listing and the guide page, fetched on the site's own host."""

import re

from django.test import TestCase

from service_guides.selectors import PAGE_SIZE
from tests.factories import disclosure as factories
from tests.factories.services import make_guide, make_service_index

HOST = "fw.localhost"


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _site, home = factories.make_site("fw", hostname=HOST)
        cls.index = make_service_index(home)
        cls.police = factories.make_organization("示范市公安局")
        cls.health = factories.make_organization("示范市卫生健康委员会")
        cls.id_card = make_guide(
            cls.index,
            organization=cls.police,
            title="居民身份证换领",
            slug="sfz",
            theme="identity",
        )
        cls.household = make_guide(
            cls.index,
            organization=cls.police,
            title="户口迁移",
            slug="hkqy",
            theme="household",
        )
        cls.doctor = make_guide(
            cls.index,
            organization=cls.health,
            title="医师执业注册",
            slug="yszc",
            theme="qualification",
            audience="personal",
        )
        make_guide(
            cls.index, organization=cls.health, title="未发布的指南", publish=False
        )

    def get(self, path, **params):
        return self.client.get(path, params, HTTP_HOST=HOST)

    def test_listing_by_department_and_theme_with_counts(self):
        response = self.get("/services/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for title in ("居民身份证换领", "户口迁移", "医师执业注册"):
            self.assertIn(title, html)
        self.assertNotIn("未发布的指南", html)
        self.assertRegex(html, r"示范市公安局</a> <span class=\"count\">\(2\)")
        self.assertRegex(html, r"示范市卫生健康委员会</a> <span class=\"count\">\(1\)")
        self.assertRegex(html, r"证件办理</a> <span class=\"count\">\(1\)")
        self.assertIn("共 3 项", html)

        html = self.get("/services/", department=self.police.pk).content.decode()
        self.assertIn("居民身份证换领", html)
        self.assertNotIn("医师执业注册", html)
        self.assertIn("共 2 项", html)
        # The theme counts follow the department chosen.
        self.assertNotIn("职业资格</a>", html)

        html = self.get(
            "/services/", department=self.police.pk, theme="household"
        ).content.decode()
        self.assertIn("户口迁移", html)
        self.assertNotIn("居民身份证换领</a></td>", html)
        self.assertIn("共 1 项", html)

    def test_invalid_filters_are_said_and_ignored(self):
        for params in (
            {"department": "1 OR 1=1"},
            {"theme": "<script>"},
            {"department": "9" * 30},
        ):
            response = self.get("/services/", **params)
            self.assertEqual(response.status_code, 200)
            html = response.content.decode()
            self.assertIn("共 3 项", html)
            self.assertIn("参数无效", html)
            self.assertNotIn("<script>", html.split("</header>", 1)[1])
        html = self.get("/services/", page="abc").content.decode()
        self.assertIn("共 3 项", html)

    def test_listing_is_paginated(self):
        for n in range(PAGE_SIZE):
            make_guide(self.index, organization=self.health, title=f"事项{n:02d}")
        html = self.get("/services/").content.decode()
        self.assertIn(f"共 {PAGE_SIZE + 3} 项", html)
        self.assertIn("第 1 / 2 页", html)
        second = self.get(
            "/services/", page=2, department=self.health.pk
        ).content.decode()
        self.assertIn(f"共 {PAGE_SIZE + 1} 项", second)
        self.assertIn("第 2 / 2 页", second)
        # The previous-page link keeps the department chosen.
        self.assertIn(f"department={self.health.pk}&amp;page=1", second)

    def test_guide_page_shows_the_ten_elements(self):
        response = self.get("/services/sfz/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for label in (
            "事项名称",
            "设定依据",
            "申请条件",
            "办理材料",
            "办理地点",
            "办理机构",
            "收费标准",
            "办理时间",
            "联系电话",
            "办理流程",
        ):
            self.assertIn(f">{label}<", html)
        self.assertIn("示范市公安局", html)
        self.assertIn("不收费", html)
        self.assertIn('href="tel:0531-88001234"', html)
        self.assertEqual(
            re.findall(r"<li><strong>(步骤\d)</strong>", html),
            ["步骤1", "步骤2", "步骤3"],
        )
        self.assertIn("原件 1 份", html)
        self.assertIn('href="https://www.sdzwfw.gov.cn/" rel="external', html)
        self.assertIn('<meta name="ArticleTitle" content="居民身份证换领">', html)

    def test_a_draft_guide_is_not_served(self):
        self.assertEqual(self.get("/services/guide-x/").status_code, 404)
