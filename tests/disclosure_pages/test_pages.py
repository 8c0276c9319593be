"""Public pages: the metadata table, column listings with filters, the catalog tree."""

import datetime
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure_pages.models import DisclosureColumnPage, SubjectCategory
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)

HOST = "pages.localhost"


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.home = make_site("pages", hostname=HOST)
        cls.catalog, cls.column, cls.notices = make_catalog(
            cls.home, ("zcwj", "policy"), ("tzgg", "notice")
        )
        cls.sub_column = DisclosureColumnPage(
            title="规范性文件", slug="gfxwj", kind="policy"
        )
        cls.column.add_child(instance=cls.sub_column)
        cls.sub_column.save_revision().publish()
        cls.organization = make_organization("示范市人民政府办公室")
        cls.public = SubjectCategory.objects.get(name="政务公开")
        cls.education = SubjectCategory.objects.get(name="教育")
        cls.document = make_document(
            cls.column,
            organization=cls.organization,
            title="关于做好政务公开工作的通知",
            slug="notice",
            document_number="示政办发〔2020〕7号",
            subject=cls.public,
            genre="notice",
            written_date=datetime.date(2020, 3, 2),
            keywords="政务公开",
        )
        cls.expired = make_document(
            cls.column,
            organization=cls.organization,
            title="已到期的办法",
            slug="expired",
            genre="opinion",
            subject=cls.education,
            effective_date=datetime.date(2020, 1, 1),
            expiry_date=timezone.localdate() - datetime.timedelta(days=1),
        )
        for n in range(23):
            make_document(
                cls.column,
                organization=cls.organization,
                genre="notice",
                title=f"批量{n}",
            )
        make_document(cls.sub_column, organization=cls.organization)
        make_document(cls.notices, organization=cls.organization, publish=False)

    def _get(self, path):
        response = self.client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    def test_document_page_shows_the_metadata_table_above_the_text(self):
        html = self._get("/xxgk/zcwj/notice/")
        table = html[html.index('<table class="metadata">') : html.index("</table>")]
        cells = dict(
            re.findall(r'<th scope="row">([^<]+)</th><td[^>]*>([^<]*)</td>', table)
        )
        assert cells["索引号"] == self.document.index_number
        assert cells["主题分类"] == "综合政务\\政务公开"
        assert cells["发布机构"] == "示范市人民政府办公室"
        assert cells["文号"] == "示政办发〔2020〕7号"
        assert cells["成文日期"] == "2020-03-02"
        assert cells["发文日期"] == timezone.localtime(
            self.document.first_published_at
        ).strftime("%Y-%m-%d")
        assert cells["有效性"] == "有效"
        assert cells["公文种类"] == "通知"
        assert html.index('<table class="metadata">') < html.index('class="doc-body')
        assert '<meta name="ColumnName" content="栏目zcwj">' in html
        assert '<meta name="ArticleTitle" content="关于做好政务公开工作的通知">' in html
        pub = timezone.localtime(self.document.first_published_at).strftime(
            "%Y-%m-%d %H:%M:%S"
        )
        assert f'<meta name="PubDate" content="{pub}">' in html

    def test_expired_document_says_so(self):
        html = self._get("/xxgk/zcwj/expired/")
        assert 'class="validity validity-expired">失效' in html

    def test_column_lists_documents_with_pagination(self):
        html = self._get("/xxgk/zcwj/")
        assert html.count("<tr><td><a href=") == 20
        assert "共 25 篇" in html
        assert '<meta name="ColumnType" content="政策文件">' in html
        html = self._get("/xxgk/zcwj/?page=2")
        assert html.count("<tr><td><a href=") == 5

    def test_filters_and_pagination_keeps_them(self):
        html = self._get("/xxgk/zcwj/?genre=notice")
        assert "共 24 篇" in html
        assert 'href="?genre=notice&amp;page=2"' in html
        html = self._get(f"/xxgk/zcwj/?subject={self.public.parent_id}")
        assert "共 1 篇" in html and "关于做好政务公开工作的通知" in html
        html = self._get("/xxgk/zcwj/?validity=expired")
        assert "共 1 篇" in html and "已到期的办法" in html
        html = self._get("/xxgk/zcwj/?validity=valid")
        assert "共 24 篇" in html and "已到期的办法" not in html
        year = timezone.localdate().year
        assert "共 25 篇" in self._get(f"/xxgk/zcwj/?year={year}")
        assert "共 0 篇" in self._get(f"/xxgk/zcwj/?year={year - 5}")
        # Garbage in the query string is ignored, never an error.
        assert "共 25 篇" in self._get("/xxgk/zcwj/?year=abc&genre=<x>&subject=-1")

    def _count_queries(self, path):
        self._get(path)  # warm the registry's host map
        with CaptureQueriesContext(connection) as queries:
            self._get(path)
        return len(queries)

    def test_column_page_query_count_does_not_grow_with_documents(self):
        # Constant: no query per listed document (the body is never loaded).
        before = self._count_queries("/xxgk/zcwj/")
        for _ in range(10):
            make_document(self.column, organization=self.organization)
        assert self._count_queries("/xxgk/zcwj/") == before
        assert before <= 30

    def test_catalog_root_shows_the_column_tree_with_counts(self):
        html = self._get("/xxgk/")
        # The policy column counts its own 25 and its sub-column's one.
        assert re.search(r'栏目zcwj</a> <span class="count">\(26\)</span>', html)
        assert re.search(
            r'规范性文件</a> <span class="count">\(1<span class="visually-hidden">'
            r"篇</span>\)</span>",
            html,
        )
        assert re.search(r'栏目tzgg</a> <span class="count">\(0\)</span>', html)
