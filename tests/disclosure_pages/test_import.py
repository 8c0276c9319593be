"""The bulk importer: JSON Lines, idempotency, bad lines, attachments, text files."""

import datetime
import io
import json
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from disclosure_pages.models import DisclosureDocumentPage, Organization
from tests.factories.disclosure import make_catalog, make_organization, make_site

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


@pytest.fixture
def target(db):
    site, home = make_site("imp", hostname="imp.localhost")
    _catalog, column, _other = make_catalog(
        home, ("zcwj", "policy"), ("tzgg", "notice")
    )
    organization = make_organization("示范市人民政府办公室")
    return site, column, organization


def _write(tmp_path, records, name="docs.jsonl"):
    path = tmp_path / name
    lines = [
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_documents", str(path), "--site", "imp", "--column", "zcwj",
        "--no-progress", *extra, stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


GOOD = {
    "title": "示范市人民政府关于做好政务公开工作的通知",
    "body_text": "各区县人民政府：\n现就有关事项通知如下。",
    "document_number": "示政发[2019]3号",
    "written_date": "2019-03-01",
    "published_at": "2019-03-05 10:30",
    "organization": "示范市人民政府办公室",
    "subject": "综合政务\\政务公开",
    "genre": "通知",
    "validity": "有效",
    "source_url": "http://old.example.gov.cn/art/2019/3/5/art_1.html",
}


def test_import_creates_pages_with_metadata_and_original_dates(target, tmp_path):
    _site, column, organization = target
    other = dict(GOOD, title="第二份", document_number="示政发〔2019〕4号")
    out, err = _run(_write(tmp_path, [GOOD, other]))
    assert "新建 2 篇，更新 0 篇，失败 0 篇" in out
    page = DisclosureDocumentPage.objects.get(document_number="示政发〔2019〕3号")
    assert page.live and page.imported and page.imported_at
    assert page.get_parent().pk == column.pk
    assert page.first_published_at == datetime.datetime(
        2019, 3, 5, 10, 30, tzinfo=SHANGHAI
    )
    assert page.index_number == f"{organization.org_code}/2019-00001"
    assert page.subject.full_name == "综合政务\\政务公开"
    assert (page.genre, page.validity) == ("notice", "valid")
    assert page.document_number_organ == "示政发"
    assert page.body == "<p>各区县人民政府：</p><p>现就有关事项通知如下。</p>"
    # A real Wagtail page: a published revision exists.
    assert page.live_revision_id
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 1


def test_rerunning_updates_instead_of_duplicating(target, tmp_path):
    path = _write(tmp_path, [GOOD, dict(GOOD, source_id="legacy-7", title="带编号的")])
    _run(path)
    first = DisclosureDocumentPage.objects.get(
        source_id="", document_number="示政发〔2019〕3号"
    )
    number = first.index_number
    changed = dict(GOOD, title="示范市人民政府关于做好政务公开工作的通知（修订）")
    out, _err = _run(
        _write(tmp_path, [changed, dict(GOOD, source_id="legacy-7", title="改名")])
    )
    assert "新建 0 篇，更新 2 篇，失败 0 篇" in out
    assert DisclosureDocumentPage.objects.count() == 2
    first.refresh_from_db()
    assert first.title.endswith("（修订）")
    assert first.index_number == number  # never changes
    assert DisclosureDocumentPage.objects.get(source_id="legacy-7").title == "改名"


def test_bad_lines_are_reported_and_do_not_stop_the_others(target, tmp_path):
    records = [
        GOOD,
        "{not json",
        dict(GOOD, document_number="示政发2019年5号", title="坏文号"),
        dict(
            GOOD,
            document_number="示政发〔2019〕6号",
            written_date="2019-04-01",
            published_at="2019-03-01",
            title="日期颠倒",
        ),
        dict(GOOD, document_number="示政发〔2019〕7号", subject="不存在的分类"),
        dict(GOOD, document_number="示政发〔2019〕8号", organization="未登记的机构"),
        {"body_text": "没有标题"},
        dict(GOOD, document_number="示政发〔2019〕9号", attachments=["missing.pdf"]),
        dict(GOOD, document_number="示政发〔2019〕10号", title="最后一份好的"),
    ]  # fmt: skip
    out, err = _run(_write(tmp_path, records))
    assert "新建 3 篇，更新 0 篇，失败 6 篇。提示 1 条。" in out
    lines = err.strip().splitlines()
    assert lines[0].startswith("第 2 行：不是有效的 JSON")
    assert lines[1].startswith(
        "第 3 行，字段 document_number：发文字号“示政发2019年5号”不正确"
    )
    assert (
        lines[2].startswith("第 4 行，字段 ") and "成文日期不能晚于发布日期" in lines[2]
    )
    # An unknown subject is no longer a rejection: 其他, with a warning.
    assert lines[3].startswith("第 5 行，字段 subject（提示）：主题分类“不存在的分类”")
    assert lines[4].startswith(
        "第 6 行，字段 organization：未找到发布机构“未登记的机构”"
    )
    # Every problem of a record, not only the first.
    assert lines[5] == "第 7 行，字段 title：缺少标题（title）。"
    assert lines[6].startswith("第 7 行，字段 organization：缺少发布机构")
    assert lines[7].startswith("第 8 行，字段 attachments：附件文件不存在")
    # Nothing half-written: only the two good documents exist.
    assert set(DisclosureDocumentPage.objects.values_list("title", flat=True)) == {
        GOOD["title"],
        "最后一份好的",
    }
    assert (
        DisclosureDocumentPage.objects.get(
            document_number="示政发〔2019〕7号"
        ).subject.full_name
        == "其他"
    )


def test_default_organisation_keeps_the_source_wording(target, tmp_path):
    _site, _column, organization = target
    record = dict(GOOD, organization="十堰市人民政府办公室")
    _run(_write(tmp_path, [record]), "--organization", organization.org_code)
    page = DisclosureDocumentPage.objects.get()
    assert page.organization == organization
    assert page.original_publisher == "十堰市人民政府办公室"
    assert page.publisher_display == "十堰市人民政府办公室"


def test_html_bodies_are_sanitised(target, tmp_path):
    record = dict(
        GOOD,
        body_text=None,
        body_html='<p onclick="x()">甲<script>alert(1)</script></p>',
    )
    record.pop("body_text")
    _run(_write(tmp_path, [record]))
    body = DisclosureDocumentPage.objects.get().body
    assert "script" not in body and "onclick" not in body
    assert "甲" in body


def test_unknown_site_or_column_is_a_clear_error(target, tmp_path):
    path = _write(tmp_path, [GOOD])
    with pytest.raises(CommandError, match="找不到站点"):
        call_command(
            "import_documents", str(path), "--site", "nope", "--column", "zcwj"
        )
    with pytest.raises(CommandError, match="找不到栏目"):
        call_command(
            "import_documents", str(path), "--site", "imp.localhost", "--column", "x"
        )


@pytest.mark.s3
def test_attachments_are_stored_through_the_configured_storage(
    target, tmp_path, s3_client, settings
):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "方案.pdf").write_bytes(b"%PDF-1.4 test")
    with zipfile.ZipFile(tmp_path / "files" / "表.xlsx", "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
    (tmp_path / "files" / "evil.exe").write_bytes(b"MZ")
    record = dict(
        GOOD,
        attachments=["files/方案.pdf", {"path": "files/表.xlsx", "title": "统计表"}],
    )
    bad = dict(
        GOOD, document_number="示政发〔2019〕11号", attachments=["files/evil.exe"]
    )
    path = _write(tmp_path, [record, bad])
    out, err = _run(path)
    assert "失败 1 篇" in out and "evil.exe" in err
    page = DisclosureDocumentPage.objects.get()
    attachments = list(page.attachments.select_related("document"))
    assert [a.display_title for a in attachments] == ["方案", "统计表"]
    key = attachments[0].document.file.name
    bucket = settings.S3_OPTIONS["bucket_name"]
    assert (
        s3_client.get_object(Bucket=bucket, Key=key)["Body"].read() == b"%PDF-1.4 test"
    )
    # Re-running does not attach the same files again.
    _run(path)
    assert page.attachments.count() == 2


def test_plain_text_seeds_are_imported_with_extracted_metadata(target):
    _site, _column, organization = target
    out, err = _run(SEEDS, "--organization", organization.name)
    assert "新建 5 篇，更新 0 篇，失败 0 篇" in out, err
    notice = DisclosureDocumentPage.objects.get(source_id="001_eaf0520579add82e")
    assert notice.document_number == "十政办发〔2015〕32号"
    assert notice.original_publisher == "市人民政府办公室"
    assert notice.first_published_at == datetime.datetime(
        2015, 4, 23, 16, 23, tzinfo=SHANGHAI
    )
    yongzhou = DisclosureDocumentPage.objects.get(source_id="003_0e9302380cde4dfc")
    assert yongzhou.written_date.isoformat() == "2007-05-08"
    assert yongzhou.index_number == f"{organization.org_code}/2007-00001"
    out, _err = _run(SEEDS, "--organization", organization.name)
    assert "新建 0 篇，更新 5 篇，失败 0 篇" in out
    assert DisclosureDocumentPage.objects.count() == 5
    assert not Organization.objects.filter(name="市人民政府办公室").exists()


def test_bulk_path_writes_ordinary_wagtail_pages(target, tmp_path, client):
    from wagtail.models import Page, PageLogEntry, ReferenceIndex
    from wagtail.search.backends import get_search_backend

    site, column, organization = target
    records = [
        dict(GOOD, source_id=f"b{i}", document_number=f"示政发〔2019〕{i + 20}号")
        for i in range(30)
    ]
    out, _err = _run(_write(tmp_path, records))
    assert "新建 30 篇" in out
    pages = DisclosureDocumentPage.objects.filter(source_id__startswith="b")
    assert pages.count() == 30
    # A valid tree: paths, depth and the column's child count agree.
    assert Page.find_problems() == ([], [], [], [], [])
    column.refresh_from_db()
    assert column.numchild == 30 == column.get_children().count()
    page = pages.get(source_id="b7")
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    assert page.live_revision.as_object().title == page.title
    assert page.index_number.startswith(f"{organization.org_code}/2019-")
    assert len(set(pages.values_list("index_number", flat=True))) == 30
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert (
        ReferenceIndex.get_references_to(organization)
        .filter(object_id=str(page.pk))
        .exists()
    )
    response = client.get(
        page.url_path[len(site.root_page.url_path) - 1 :], HTTP_HOST="imp.localhost"
    )
    assert response.status_code == 200
    assert page.index_number in response.content.decode()
    results = get_search_backend().search("示政发", DisclosureDocumentPage)
    assert page.pk in [r.pk for r in results]


# A resident ID number with a valid checksum (GB 11643).
LEAKED_ID = "11010519491231002X"


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk path", "page API"])
def test_import_passes_the_publication_gate(target, bulk):
    from disclosure_pages.importing.service import DocumentImporter

    site, column, organization = target
    records = [
        dict(GOOD, document_number="示政发〔2019〕21号", title="正常文件"),
        dict(
            GOOD,
            document_number="示政发〔2019〕22号",
            title="泄露身份证号的文件",
            body_text=f"联系人身份证号码：{LEAKED_ID}。",
        ),
    ]
    importer = DocumentImporter(
        section_root=site.root_page,
        column=column,
        default_organization=organization,
        bulk=bulk,
    )
    summary = importer.run(enumerate(records, start=1))
    assert (summary.created, summary.failed) == (1, 1)
    [error] = summary.errors
    assert error.line == 2 and "身份证号码" in error.message
    assert LEAKED_ID not in error.message  # the report never repeats the value
    assert not DisclosureDocumentPage.objects.filter(
        title="泄露身份证号的文件"
    ).exists()


def test_one_import_reads_the_word_lists_once(target, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    records = [
        dict(GOOD, title=f"第{n}份", document_number=f"示政发〔2019〕{n}号")
        for n in (11, 12, 13)
    ]
    with CaptureQueriesContext(connection) as queries:
        out, _err = _run(_write(tmp_path, records))
    assert "新建 3 篇" in out
    reads = [q["sql"] for q in queries if "sensitiveword" in q["sql"].lower()]
    assert len(reads) == 1


def test_imprint_lines_are_imported_and_checked(target, tmp_path):
    record = dict(
        GOOD,
        copy_to="市委办公室，市人大常委会办公室",
        printed_by="示范市人民政府办公室",
        printed_date="2019-03-02",
    )
    bad = dict(
        GOOD, title="日期有误", document_number="示政发〔2019〕5号",
        printed_date="2019-13-40",
    )  # fmt: skip
    out, err = _run(_write(tmp_path, [record, bad]))
    assert "新建 1 篇，更新 0 篇，失败 1 篇" in out
    assert "printed_date" in err
    page = DisclosureDocumentPage.objects.get(document_number="示政发〔2019〕3号")
    assert page.copy_to == "市委办公室，市人大常委会办公室"
    assert page.printed_by == "示范市人民政府办公室"
    assert page.printed_date == datetime.date(2019, 3, 2)
    assert not DisclosureDocumentPage.objects.filter(title="日期有误").exists()
