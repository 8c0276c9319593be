"""Site migration importers of news, notices, topics and leaders (#19)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from content.importing import (
    LeaderImporter,
    NewsImporter,
    NoticeImporter,
    TopicImporter,
)
from content.models import (
    ArticleIndexPage,
    ArticlePage,
    LeaderIndexPage,
    LeaderPage,
    NoticeIndexPage,
    NoticePage,
    TopicIndexPage,
    TopicPage,
)
from core.importfiles import LineError
from site_registry import lifecycle as registry
from tests.factories.disclosure import make_site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (20, 10), "#3366cc").save(buffer, format="PNG")
    return buffer.getvalue()


def _column(home, model, slug):
    column = model(title=f"栏目{slug}", slug=slug)
    home.add_child(instance=column)
    column.save_revision().publish()
    return column


@pytest.fixture
def target():
    _site, home = make_site("mig", hostname="mig.localhost")
    columns = {
        "news": _column(home, ArticleIndexPage, "news"),
        "tzgg": _column(home, NoticeIndexPage, "tzgg"),
        "ztzl": _column(home, TopicIndexPage, "ztzl"),
        "ldxx": _column(home, LeaderIndexPage, "ldxx"),
    }
    return home, columns


def _lookup(columns):
    def find(ref):
        try:
            return columns[ref]
        except KeyError:
            raise LineError(f"栏目“{ref}”不存在。") from None

    return find


def _importer(cls, target, tmp_path=None, **options):
    home, columns = target
    return cls(
        section_root=home, columns=_lookup(columns), base_dir=tmp_path, **options
    )


def _news(n, **values):
    record = {
        "source_id": f"n-{n}",
        "old_url": f"/art/2019/3/5/art_{n}.html",
        "column": "news",
        "title": f"示范市召开第{n}次常务会议",
        "source": "示范市人民政府办公室",
        "body_html": "<p>会议研究了有关事项。</p><script>alert(1)</script>",
        "published_at": "2019-03-05 10:30",
    }
    record.update(values)
    return record


def _mine(model, target):
    # tests/content shares a loaded demo cluster: only the target site's pages.
    return model.objects.descendant_of(target[0])


def _run(importer, records):
    return importer.run(list(enumerate(records, start=1)))


def _original(text):
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def test_news_keep_their_original_date_and_are_marked_imported(target):
    report = _run(_importer(NewsImporter, target), [_news(1), _news(2)])
    assert (report.created, report.updated, report.failed) == (2, 0, 0)
    page = _mine(ArticlePage, target).get(source_id="n-1")
    assert page.live and page.imported and page.imported_at
    assert page.first_published_at == _original("2019-03-05 10:30")
    assert "<script>" not in str(page.body[0].value.source)
    assert page.body[0].block_type == "paragraph"
    assert report.written[0] == ("n-1", page.pk, "/art/2019/3/5/art_1.html")
    # Listed among the column's items by its original date.
    assert page.url_path.endswith("/news/n-1/")


def test_a_rerun_updates_without_duplicates_and_keeps_the_date(target):
    _run(_importer(NewsImporter, target), [_news(1)])
    page = _mine(ArticlePage, target).get()
    report = _run(
        _importer(NewsImporter, target),
        [_news(1, title="示范市召开常务会议（更正）", published_at="2019-03-06")],
    )
    assert (report.created, report.updated, report.failed) == (0, 1, 0)
    page.refresh_from_db()
    assert _mine(ArticlePage, target).count() == 1
    assert page.title == "示范市召开常务会议（更正）"
    assert page.first_published_at == _original("2019-03-06 00:00")
    assert page.revisions.count() == 2


def test_every_error_of_a_record_is_reported_with_its_field(target):
    bad = _news(
        9,
        title="",
        column="gone",
        published_at="2999-01-01",
        author="控制\x07字符",
        summary="长" * 301,
        old_url="javascript:alert(1)",
    )
    report = _run(_importer(NewsImporter, target), [bad, _news(1)])
    assert (report.created, report.failed) == (1, 1)
    fields = {p.field for p in report.errors if p.line == 1}
    assert {"title", "column", "published_at", "author", "summary", "old_url"} <= (
        fields
    )
    assert not _mine(ArticlePage, target).filter(source_id="n-9").exists()


def test_a_record_in_a_column_of_another_type_is_refused(target):
    report = _run(_importer(NewsImporter, target), [_news(1, column="tzgg")])
    assert report.failed == 1
    assert report.errors[0].field == "column"


def test_lenient_values_warn_and_strict_refuses_them(target):
    record = _news(1, source="", published_at="2019年3月5日", legacy="x")
    report = _run(_importer(NewsImporter, target), [record])
    assert report.created == 1
    assert {p.field for p in report.warnings} == {"source", ""}
    page = _mine(ArticlePage, target).get()
    assert page.source == target[0].title
    assert page.first_published_at == _original("2019-03-05 00:00")

    record = _news(2, source="", legacy="x")
    report = _run(_importer(NewsImporter, target, strict=True), [record])
    assert report.failed == 1
    assert {p.field for p in report.errors} == {"source", ""}


def test_the_lead_image_is_stored_checked_and_described(target, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "meeting.png").write_bytes(_png())
    (tmp_path / "files" / "fake.png").write_bytes(b"<script>alert(1)</script>")
    before = get_image_model().objects.count()
    good = _news(1, lead_image="files/meeting.png", tags=["常务会议", "经济"])
    fake = _news(2, lead_image="files/fake.png", lead_image_alt="会议现场")
    report = _run(_importer(NewsImporter, target, tmp_path), [good, fake])
    assert (report.created, report.failed) == (1, 1)
    page = _mine(ArticlePage, target).get()
    assert page.lead_image is not None
    assert page.lead_image_alt == page.title  # missing alt: the title, warned
    assert [p.field for p in report.warnings] == ["lead_image_alt"]
    assert sorted(page.tags.names()) == ["常务会议", "经济"]
    assert report.errors[0].field == "lead_image"
    assert get_image_model().objects.count() == before + 1

    # The same file again (a re-run) is the same image, not a copy.
    report = _run(_importer(NewsImporter, target, tmp_path), [good])
    assert report.updated == 1
    assert get_image_model().objects.count() == before + 1


def test_paths_outside_the_package_are_refused(target, tmp_path):
    (tmp_path / "link.png").symlink_to("/etc/passwd")
    records = [
        _news(1, lead_image="../x.png", lead_image_alt="图"),
        _news(2, lead_image="/etc/passwd", lead_image_alt="图"),
        _news(3, lead_image="link.png", lead_image_alt="图"),
    ]
    report = _run(_importer(NewsImporter, target, tmp_path), records)
    assert report.failed == 3
    assert {p.field for p in report.errors} == {"lead_image"}


def test_a_failed_record_leaves_no_stored_file(target, tmp_path):
    (tmp_path / "notice.pdf").write_bytes(PDF)
    record = {
        "source_id": "t-1",
        "column": "tzgg",
        "title": "关于端午节放假的通知",
        "issuer": "示范市人民政府办公室",
        "body_text": "端午节放假一天。",
        "published_at": "2020-06-20",
        # The first attachment is stored before the second one fails.
        "attachments": [{"path": "notice.pdf", "title": "通知原文"}, "missing.pdf"],
    }
    documents = get_document_model().objects.count()
    # Other test runs may share the storage: only this file's names count.
    files = _stored_notices()
    report = _run(_importer(NoticeImporter, target, tmp_path), [record])
    assert report.failed == 1
    assert report.errors[0].field == "attachments"
    assert not _mine(NoticePage, target).exists()
    assert get_document_model().objects.count() == documents
    assert _stored_notices() == files

    record["attachments"] = [{"path": "notice.pdf", "title": "通知原文"}]
    report = _run(_importer(NoticeImporter, target, tmp_path), [record])
    assert report.created == 1
    notice = _mine(NoticePage, target).get()
    blocks = [block.block_type for block in notice.body]
    assert blocks == ["paragraph", "document"]
    assert notice.body[1].value["document"].title == "通知原文"


def _stored_notices() -> set[str]:
    try:
        _dirs, files = default_storage.listdir("documents")
    except FileNotFoundError:
        return set()
    return {name for name in files if name.startswith("notice")}


def test_a_dry_run_stores_no_file(target, tmp_path):
    (tmp_path / "photo.png").write_bytes(_png())
    images = get_image_model().objects.count()
    leader = {
        "source_id": "l-1",
        "column": "ldxx",
        "title": "张明",
        "position": "市长",
        "photo": "photo.png",
        "biography": "张明，男，1970年生。",
        "portfolio": "主持市政府全面工作。",
    }
    report = _run(_importer(LeaderImporter, target, tmp_path, dry_run=True), [leader])
    assert report.created == 1 and not report.problems
    assert get_image_model().objects.count() == images


def test_leaders_keep_the_package_order_and_topics_import(target, tmp_path):
    leaders = [
        {
            "source_id": f"l-{n}",
            "column": "ldxx",
            "title": name,
            "position": position,
            "biography": "<p>简历</p>",
            "portfolio": "分管工作",
        }
        for n, (name, position) in enumerate(
            [("王一", "市长"), ("李二", "副市长"), ("赵三", "副市长")]
        )
    ]
    report = _run(_importer(LeaderImporter, target), leaders)
    assert report.created == 3
    column = target[1]["ldxx"]
    assert [p.title for p in column.get_items()] == ["王一", "李二", "赵三"]
    assert _mine(LeaderPage, target).get(title="李二").portfolio == "<p>分管工作</p>"

    topic = {
        "source_id": "z-1",
        "column": "ztzl",
        "title": "优化营商环境",
        "summary": "专题简介",
        "body_text": "专题正文",
        "published_at": "2021-01-01",
    }
    report = _run(_importer(TopicImporter, target), [topic])
    assert report.created == 1 and not report.problems
    assert _mine(TopicPage, target).get().first_published_at == _original(
        "2021-01-01 00:00"
    )


def test_a_subsite_with_the_same_source_id_is_another_page(target):
    home, columns = target
    parent = registry.open_site(
        name="迁移测试区人民政府门户网站",
        level="county_portal",
        organizer="迁移测试区人民政府",
        hostname="migdc.localhost",
        home_slug="migdc",
        code="3799020099",
    )
    sub = registry.open_site(
        name="迁移测试区青台镇人民政府",
        level="township",
        organizer="迁移测试区青台镇人民政府",
        parent=parent,
        subsite_slug="qtz",
    )
    parent_news = _column(parent.root_page, ArticleIndexPage, "pnews")
    sub_news = _column(sub.root_page, ArticleIndexPage, "snews")

    def importer(root, column):
        return NewsImporter(
            section_root=root, columns=lambda ref: column, base_dir=None
        )

    _run(importer(sub.root_page, sub_news), [_news(1, column="snews")])
    report = _run(importer(parent.root_page, parent_news), [_news(1)])
    # The parent's import does not update the sub-site's page of that id.
    assert (report.created, report.updated) == (1, 0)
    assert ArticlePage.objects.filter(source_id="n-1").count() == 2
    report = _run(importer(sub.root_page, sub_news), [_news(1)])
    assert (report.created, report.updated) == (0, 1)


def _fingerprint(page):
    page = type(page).objects.get(pk=page.pk)
    revision = Revision.objects.get(pk=page.live_revision_id)
    entry = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    return {
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "url_path": page.url_path.rsplit("/", 2)[0],
        "depth": page.depth,
        "revisions": page.revisions.count(),
        "latest_is_live": page.latest_revision_id == page.live_revision_id,
        "revision_title": revision.content["title"],
        "revision_imported": revision.content["imported"],
        "action": entry.action,
        "content_type": page.content_type.model,
        "first_published_at": page.first_published_at,
        "is_leaf": page.numchild == 0,
    }


def test_the_bulk_path_writes_what_the_page_api_writes(target):
    bulk = _importer(NewsImporter, target)
    _run(bulk, [_news(1)])
    single = _importer(NewsImporter, target, bulk=False)
    _run(single, [_news(2, title=_news(1)["title"])])
    one, two = _mine(ArticlePage, target).order_by("source_id")
    assert _fingerprint(one) == _fingerprint(two)
    column = target[1]["news"]
    column.refresh_from_db()
    assert column.numchild == 2
    assert Page.objects.child_of(column).count() == 2


def test_a_source_id_repeated_in_one_file_updates_its_first_page(target):
    report = _run(
        _importer(NewsImporter, target), [_news(1), _news(1, title="第二次出现")]
    )
    assert (report.created, report.updated) == (1, 1)
    assert _mine(ArticlePage, target).get().title == "第二次出现"


def test_a_failing_batch_is_redone_record_by_record(target, monkeypatch):
    from django.db import IntegrityError

    from content.importing import base

    def broken(**kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(base, "publish_new_children", broken)
    report = _run(_importer(NewsImporter, target), [_news(1), _news(2)])
    assert (report.created, report.failed) == (2, 0)
    assert _mine(ArticlePage, target).live().count() == 2


def test_tags_and_images_take_the_bulk_path_as_the_page_api_writes_them(
    target, tmp_path
):
    (tmp_path / "meeting.png").write_bytes(_png())
    tagged = {"lead_image": "meeting.png", "tags": ["常务会议", "经济"]}
    bulk = _run(_importer(NewsImporter, target, tmp_path), [_news(1, **tagged)])
    single = _importer(NewsImporter, target, tmp_path, bulk=False)
    _run(single, [_news(2, title=_news(1)["title"], **tagged)])
    assert (bulk.created, bulk.failed) == (1, 0)
    one, two = _mine(ArticlePage, target).order_by("source_id")
    assert _fingerprint(one) == _fingerprint(two)
    for page in (one, two):
        page = ArticlePage.objects.get(pk=page.pk)
        assert sorted(page.tags.names()) == ["常务会议", "经济"]
        assert page.lead_image is not None
        revision = Revision.objects.get(pk=page.live_revision_id)
        assert len(revision.content["tagged_items"]) == 2
        assert revision.content["lead_image"] == page.lead_image_id


def test_a_failing_batch_with_files_stores_each_file_once(
    target, tmp_path, monkeypatch
):
    from django.db import IntegrityError

    from content.importing import base

    def broken(**kwargs):
        raise IntegrityError("simulated")

    (tmp_path / "notice.pdf").write_bytes(PDF + b"% batch\n")
    record = {
        "source_id": "t-9",
        "column": "tzgg",
        "title": "关于清明节放假的通知",
        "issuer": "示范市人民政府办公室",
        "body_text": "清明节放假一天。",
        "published_at": "2020-04-01",
        "attachments": [{"path": "notice.pdf", "title": "通知原文"}],
        "tags": ["放假"],
    }
    documents = get_document_model().objects.count()
    files = _stored_notices()
    monkeypatch.setattr(base, "publish_new_children", broken)
    report = _run(_importer(NoticeImporter, target, tmp_path), [record])
    assert (report.created, report.failed) == (1, 0)
    # The batch's copy was removed, row and file; the page API stored its own.
    assert get_document_model().objects.count() == documents + 1
    assert len(_stored_notices() - files) == 1
    notice = _mine(NoticePage, target).get()
    assert notice.body[1].value["document"].title == "通知原文"
    assert list(notice.tags.names()) == ["放假"]


def test_one_import_run_reads_the_word_lists_once(target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = _run(_importer(NewsImporter, target), [_news(n) for n in (1, 2, 3)])
    assert report.created == 3
    reads = [q["sql"] for q in queries if "commonmisspelling" in q["sql"].lower()]
    assert len(reads) == 1
