"""The column tree of a package: page types by kind, validation, idempotence,
and the resolver that never leaves the (sub-)site's own pages."""

import pytest
from django.test import override_settings

from content.models import ArticleIndexPage, StandardPage
from core.importfiles import LineError
from disclosure_pages.models import DisclosureColumnPage, DisclosureIndexPage
from site_migration.columns import ColumnImporter, ColumnResolver
from site_migration.models import MigratedColumn
from site_registry import lifecycle
from tests.factories.disclosure import HOME_ONLY_BUILDER, make_catalog, make_site
from tests.site_migration.packages import column

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return make_site("mig", hostname="mig.localhost")[1]


def _run(home, records, **options):
    importer = ColumnImporter(section_root=home, **options)
    return importer.run(enumerate(records, start=1))


def test_columns_get_the_page_type_of_their_kind_and_catalog_kinds_a_catalog(home):
    report = _run(
        home,
        [
            column("c-news", "news", "news", old_url="http://old.gov.cn/news/"),
            column("c-zcwj", "zcwj", "政策文件"),  # the Chinese label
            column("c-gfxwj", "gfxwj", "policy", parent="c-zcwj"),
            column("c-jgzn", "jgzn", "functions", intro="负责全市政务公开工作。"),
        ],
    )
    assert (report.created, report.updated, report.failed) == (4, 0, 0), report
    news = ArticleIndexPage.objects.get(slug="news")
    assert news.get_parent().pk == home.pk and news.live
    catalog = DisclosureIndexPage.objects.child_of(home).get()
    zcwj = DisclosureColumnPage.objects.get(slug="zcwj")
    assert zcwj.get_parent().pk == catalog.pk and zcwj.kind == "policy"
    assert DisclosureColumnPage.objects.get(slug="gfxwj").get_parent().pk == zcwj.pk
    functions = StandardPage.objects.get(slug="jgzn")
    assert functions.column_kind == "functions"
    assert "负责全市政务公开工作" in str(functions.body)
    assert report.written[0] == ("c-news", news.pk, "http://old.gov.cn/news/")


def test_every_problem_of_a_record_is_reported_and_nothing_is_written(home):
    before = home.get_descendants().count()
    report = _run(home, [{"source_id": "x", "slug": "Bad Slug!", "kind": "news",
                          "parent": "nowhere", "old_url": "ftp://x"}])  # fmt: skip
    assert report.failed == 1 and report.created == 0
    fields = {problem.field for problem in report.errors}
    assert fields == {"title", "slug", "parent", "old_url"}
    assert all(problem.line == 1 for problem in report.problems)
    assert home.get_descendants().count() == before


def test_unknown_kinds_become_other_with_a_warning_unless_strict(home):
    record = column("c-x", "ldhd", "领导活动")
    report = _run(home, [record])
    assert report.created == 1
    assert [p.field for p in report.warnings] == ["kind"]
    assert "其他" in report.warnings[0].message
    assert StandardPage.objects.get(slug="ldhd").column_kind == "other"
    strict = _run(home, [column("c-y", "ldhd2", "领导活动")], strict=True)
    assert strict.failed == 1 and [p.field for p in strict.errors] == ["kind"]
    assert not StandardPage.objects.filter(slug="ldhd2").exists()


def test_a_page_type_that_does_not_fit_its_parent_is_an_error(home):
    report = _run(
        home,
        [
            column("c-news", "news", "news"),
            column("c-p", "p", "policy", parent="c-news"),
        ],
    )
    assert report.created == 1 and report.failed == 1
    assert report.errors[0].field == "parent"
    assert "不能放在" in report.errors[0].message


def test_a_rerun_updates_and_an_existing_slug_is_adopted(home):
    _catalog, existing = make_catalog(home, ("zcwj", "policy"))
    first = _run(home, [column("c-zcwj", "zcwj", "policy", title="政策法规")])
    assert (first.created, first.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.title == "政策法规"
    again = _run(home, [column("c-zcwj", "zcwj", "policy", title="政策法规库")])
    assert (again.created, again.updated) == (0, 1)
    assert DisclosureColumnPage.objects.filter(slug="zcwj").count() == 1
    assert MigratedColumn.objects.get(source_id="c-zcwj").page_id == existing.pk
    revisions = existing.revisions.count()
    _run(home, [column("c-zcwj", "zcwj", "policy", title="政策法规库")])
    assert existing.revisions.count() == revisions  # unchanged: no new revision


def test_an_adopted_page_of_another_type_is_refused(home):
    _run(home, [column("c-news", "news", "news")])
    report = _run(home, [column("c-2", "news", "notice")])
    assert report.failed == 1 and report.errors[0].field == "slug"


def _portal_with_subsite():
    with override_settings(SITE_REGISTRY_SITE_BUILDER=HOME_ONLY_BUILDER):
        county = lifecycle.open_site(
            name="示范市东城区人民政府门户网站", level="county_portal",
            organizer="示范市东城区人民政府", hostname="dc.localhost",
            home_slug="dc", code="3701020099",
        )  # fmt: skip
        sub = lifecycle.open_site(
            name="示范市东城区青台镇人民政府", level="township",
            organizer="示范市东城区青台镇人民政府", parent=county, subsite_slug="qtz",
        )  # fmt: skip
    return county.root_page.specific, sub.root_page.specific


def test_the_resolver_never_leaves_the_sections_own_pages():
    home, sub_home = _portal_with_subsite()
    _catalog, parent_column = make_catalog(home, ("zcwj", "policy"))
    _run(sub_home, [column("c-zcwj", "zcwj", "policy")])
    sub_column = DisclosureColumnPage.objects.descendant_of(sub_home).get()

    parent = ColumnResolver(home)
    assert parent("xxgk/zcwj").pk == parent_column.pk
    with pytest.raises(LineError):
        parent("c-zcwj")  # the sub-site's record, not the parent's
    with pytest.raises(LineError):
        parent("qtz/xxgk/zcwj")
    sub = ColumnResolver(sub_home)
    assert sub("c-zcwj").pk == sub("xxgk/zcwj").pk == sub_column.pk
    with pytest.raises(LineError, match="找不到栏目"):
        sub("xxgk/missing")
    # A column's slug alone names the section's own column of that slug.
    assert sub("zcwj").pk == sub_column.pk
    assert ColumnResolver(home)("zcwj").pk == parent_column.pk
