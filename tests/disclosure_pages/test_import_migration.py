"""Site migration (#19) through ``import_documents``: lenient legacy values,
every problem of a record, index numbers, sub-sites, nothing half-written,
resuming, attachments on the fast path and the typed-importer interface."""

import io
import json
import re

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from disclosure_pages.choices import Genre
from disclosure_pages.codes import format_index_number
from disclosure_pages.importing.service import DocumentImporter
from disclosure_pages.models import (
    AliasKind,
    DisclosureDocumentPage,
    LegacyAlias,
    SubjectCategory,
)
from site_registry import lifecycle as registry
from tests.factories.disclosure import make_catalog, make_organization, make_site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ORG = "示范市人民政府办公室"


@pytest.fixture
def target(db):
    site, home = make_site("imp", hostname="imp.localhost")
    _catalog, column, other = make_catalog(
        home, ("zcwj", "policy"), ("gfxwj", "policy")
    )
    organization = make_organization(ORG)
    return site, column, other, organization


def _record(n: int, **values) -> dict:
    record = {
        "source_id": f"src-{n}",
        "title": f"示范市人民政府关于第{n}项工作的通知",
        "body_text": "各区县人民政府：\n现就有关事项通知如下。",
        "written_date": "2019-03-01",
        "published_at": "2019-03-05 10:30",
        "organization": ORG,
    }
    record.update(values)
    return record


def _write(tmp_path, records, name="docs.jsonl"):
    path = tmp_path / name
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path, *extra, site="imp", column="zcwj"):
    out, err = io.StringIO(), io.StringIO()
    args = ["--site", site, "--no-progress", *extra]
    if column:
        args += ["--column", column]
    call_command("import_documents", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- lenient legacy values ------------------------------------------------------


def test_the_default_aliases_map_legacy_genres_and_subjects(target, tmp_path):
    path = _write(
        tmp_path,
        [
            _record(1, genre="办法", subject="环境保护", validity="现行有效"),
            _record(2, genre="实施意见", subject="综合政务\\政务公开"),
        ],
    )
    out, err = _run(path)
    assert "新建 2 篇，更新 0 篇，失败 0 篇。" in out and not err, err
    first = DisclosureDocumentPage.objects.get(source_id="src-1")
    assert first.genre == Genre.NORMATIVE
    assert first.subject.full_name == "城乡建设、环境保护\\环境监测、保护与治理"
    assert first.validity == "valid"
    assert DisclosureDocumentPage.objects.get(source_id="src-2").genre == Genre.OPINION


def test_unknown_legacy_values_become_other_with_a_warning(target, tmp_path):
    path = _write(tmp_path, [_record(1, genre="呈文", subject="老分类")])
    out, err = _run(path)
    assert "新建 1 篇，更新 0 篇，失败 0 篇。提示 2 条。" in out
    assert "第 1 行，字段 genre（提示）：“呈文”不在列表中，已归为“其他”" in err
    assert "第 1 行，字段 subject（提示）：主题分类“老分类”不在分类表中" in err
    page = DisclosureDocumentPage.objects.get()
    assert page.genre == Genre.OTHER
    assert page.subject.full_name == "其他"


def test_strict_refuses_unknown_values_and_reports_every_problem(target, tmp_path):
    bad = _record(
        1,
        title="",
        genre="呈文",
        subject="老分类",
        written_date="去年",
        organization="未登记的机构",
    )
    out, err = _run(_write(tmp_path, [bad, _record(2, genre="办法")]), "--strict")
    assert "新建 1 篇，更新 0 篇，失败 1 篇。" in out
    lines = err.strip().splitlines()
    fields = [line.split("：", 1)[0] for line in lines]
    assert fields == [
        "第 1 行，字段 title",
        "第 1 行，字段 written_date",
        "第 1 行，字段 genre",
        "第 1 行，字段 organization",
        "第 1 行，字段 subject",
    ], lines
    assert "不在“旧值对照”中" in lines[2]
    # An alias is the office's own mapping: accepted even when strict.
    assert DisclosureDocumentPage.objects.get().genre == Genre.NORMATIVE


def test_an_alias_the_office_adds_is_used_by_the_next_import(target, tmp_path):
    LegacyAlias.objects.create(
        kind=AliasKind.GENRE, legacy_value="呈文", genre="report"
    )
    LegacyAlias.objects.create(
        kind=AliasKind.SUBJECT,
        legacy_value="老 分类",  # spaces are not significant
        subject=SubjectCategory.objects.get(
            name="财政", parent__name="财政、金融、审计"
        ),
    )
    out, err = _run(_write(tmp_path, [_record(1, genre="呈文", subject="老分类")]))
    assert "失败 0 篇。" in out and not err, err
    page = DisclosureDocumentPage.objects.get()
    assert page.genre == Genre.REPORT
    assert page.subject.name == "财政"


# --- index numbers ------------------------------------------------------------


@pytest.mark.parametrize("carried_first", [True, False])
def test_two_records_carried_and_generated_index_numbers(
    target, tmp_path, carried_first
):
    organization = target[3]
    carried = format_index_number(prefix=organization.index_prefix, year=2019, serial=1)
    records = [_record(1), _record(2, index_number=carried)]
    if carried_first:
        records.reverse()
    out, err = _run(_write(tmp_path, records))
    assert "新建 2 篇，更新 0 篇，失败 0 篇" in out, err
    numbers = dict(
        DisclosureDocumentPage.objects.values_list("source_id", "index_number")
    )
    assert numbers["src-2"] == carried
    assert numbers["src-1"] and numbers["src-1"] != carried


# --- sub-sites and columns ----------------------------------------------------


def _empty_home(profile):
    home = profile.root_page.specific
    for child in home.get_children():
        child.delete()
    return home


@pytest.fixture
def county_with_subsite(db):
    county = registry.open_site(
        name="示范市东城区人民政府门户网站",
        level="county_portal",
        organizer="示范市东城区人民政府",
        hostname="dc.localhost",
        home_slug="dc",
        code="3701020099",
    )
    _c, parent_column = make_catalog(_empty_home(county), ("zcwj", "policy"))
    sub = registry.open_site(
        name="示范市东城区青台镇人民政府",
        level="township",
        organizer="示范市东城区青台镇人民政府",
        parent=county,
        subsite_slug="qtz",
    )
    _c, sub_column = make_catalog(_empty_home(sub), ("zcwj", "policy"))
    make_organization(ORG)
    return parent_column, sub_column


def test_same_column_slug_in_parent_and_subsite(county_with_subsite, tmp_path):
    parent_column, sub_column = county_with_subsite
    out, err = _run(_write(tmp_path, [_record(1)]), site="dc/qtz")
    assert "新建 1 篇" in out, err
    out, err = _run(_write(tmp_path, [_record(2)]), site="dc")
    assert "新建 1 篇" in out, err
    sub_page = DisclosureDocumentPage.objects.get(source_id="src-1")
    parent_page = DisclosureDocumentPage.objects.get(source_id="src-2")
    assert sub_page.get_parent().pk == sub_column.pk
    assert parent_page.get_parent().pk == parent_column.pk
    # A per-record column path resolves inside the target's own tree only.
    records = [_record(3, column="xxgk/zcwj"), _record(4, column="qtz/xxgk/zcwj")]
    out, err = _run(_write(tmp_path, records), site="dc", column="")
    assert "新建 1 篇，更新 0 篇，失败 1 篇" in out
    assert "第 2 行，字段 column：找不到栏目“qtz/xxgk/zcwj”" in err
    assert DisclosureDocumentPage.objects.get(source_id="src-3").get_parent().pk == (
        parent_column.pk
    )
    # The same source id in the sub-site is another document, not an update.
    out, err = _run(_write(tmp_path, [_record(2)]), site="qtz")
    assert "新建 1 篇，更新 0 篇" in out, err


def test_a_record_needs_a_column(target, tmp_path):
    out, err = _run(_write(tmp_path, [_record(1)]), column="")
    assert "失败 1 篇" in out
    assert "第 1 行，字段 column：缺少栏目（column）" in err


def test_records_go_to_their_own_columns_in_batches(target, tmp_path):
    _site, column, other, _org = target
    records = [_record(n, column="gfxwj" if n % 2 else "zcwj") for n in range(1, 7)]
    out, err = _run(_write(tmp_path, records))
    assert "新建 6 篇" in out, err
    assert DisclosureDocumentPage.objects.child_of(column).count() == 3
    assert DisclosureDocumentPage.objects.child_of(other).count() == 3


# --- nothing half-written, resuming -------------------------------------------


# The test's own files as the storage names them (a.pdf, a_Xy12AbC.pdf):
# other runs may store files in the same bucket meanwhile.
OWN_FILES = re.compile(r"^(a|good|bad)(_[A-Za-z0-9]{7})?\.pdf$")


def _stored(storage) -> set[str]:
    # Not storage.exists("documents"): on S3 a prefix is no object, so it
    # would always say no and the comparison would prove nothing.
    try:
        names = storage.listdir("documents")[1]
    except FileNotFoundError:
        return set()
    return {name for name in names if OWN_FILES.match(name)}


@pytest.mark.s3
def test_a_failed_record_leaves_no_row_and_no_stored_file(target, tmp_path, s3_client):
    from django.core.files.storage import default_storage

    (tmp_path / "good.pdf").write_bytes(PDF)
    (tmp_path / "bad.pdf").write_bytes(b"MZ\x90\x00 not a pdf")
    before = _stored(default_storage)
    documents_before = get_document_model().objects.count()
    records = [
        _record(1, attachments=["good.pdf", "bad.pdf"]),
        # A valid file, but another field of the record is wrong.
        _record(2, attachments=["good.pdf"], title=""),
    ]
    out, err = _run(_write(tmp_path, records))
    assert "新建 0 篇，更新 0 篇，失败 2 篇" in out
    assert "第 1 行，字段 attachments：" in err
    assert get_document_model().objects.count() == documents_before
    assert not DisclosureDocumentPage.objects.exists()
    assert _stored(default_storage) == before


class Crash(Exception):
    pass


class CrashAfter:
    """A progress bar that stops the run after ``n`` records, as a crash."""

    def __init__(self, n):
        self.n = n

    def update(self, count):
        self.n -= count
        if self.n <= 0:
            raise Crash


def test_a_rerun_after_a_crash_continues_without_duplicates(target, tmp_path):
    site, column, _other, organization = target
    (tmp_path / "a.pdf").write_bytes(PDF)
    records = [
        _record(n, attachments=["a.pdf"] if n % 3 == 0 else []) for n in range(1, 11)
    ]
    path = _write(tmp_path, records)

    def importer():
        return DocumentImporter(
            section_root=site.root_page, column=column, base_dir=tmp_path, batch_size=3
        )

    from disclosure_pages.importing.service import iter_jsonl

    with pytest.raises(Crash):
        importer().run(iter_jsonl(path), progress=CrashAfter(7))
    done = DisclosureDocumentPage.objects.count()
    assert 0 < done < 10
    report = importer().run(iter_jsonl(path))
    assert (report.created, report.updated, report.failed) == (10 - done, done, 0)
    assert sorted(
        DisclosureDocumentPage.objects.values_list("source_id", flat=True)
    ) == (sorted(f"src-{n}" for n in range(1, 11)))
    assert {w[0] for w in report.written} == {f"src-{n}" for n in range(1, 11)}
    # Each attachment once, also for the documents written before the crash.
    for page in DisclosureDocumentPage.objects.filter(
        source_id__in=["src-3", "src-6", "src-9"]
    ):
        assert page.attachments.count() == 1


# --- attachments on the fast path, the typed interface ------------------------


def test_attachments_are_written_on_the_bulk_path(
    target, tmp_path, django_assert_max_num_queries
):
    site, column, _other, _org = target
    (tmp_path / "a.pdf").write_bytes(PDF)
    records = [
        (n, _record(n, attachments=[{"path": "a.pdf", "title": "附件"}]))
        for n in range(1, 21)
    ]
    importer = DocumentImporter(
        section_root=site.root_page, column=column, base_dir=tmp_path
    )
    # The page API costs ~110 queries a page; the batch a handful per record.
    with django_assert_max_num_queries(20 * 25):
        report = importer.run(records)
    assert report.created == 20, report.problems
    page = DisclosureDocumentPage.objects.get(source_id="src-7")
    [attachment] = page.attachments.select_related("document")
    assert attachment.display_title == "附件"
    assert attachment.document.file_size == len(PDF)
    assert attachment.document.file.read() == PDF
    # The live revision carries the attachment: publishing it again keeps it.
    revision = page.live_revision
    assert [a.document_id for a in revision.as_object().attachments.all()] == [
        attachment.document_id
    ]
    revision.publish()
    assert page.attachments.count() == 1


def test_a_dry_run_stores_no_file(target, tmp_path):
    from django.core.files.storage import default_storage

    site, column, _other, _org = target
    (tmp_path / "a.pdf").write_bytes(PDF)
    before = _stored(default_storage)
    importer = DocumentImporter(
        section_root=site.root_page, column=column, base_dir=tmp_path, dry_run=True
    )
    report = importer.run(
        [(1, _record(1, attachments=["a.pdf"], old_url="/art/1.html"))]
    )
    assert report.created == 1 and report.written[0][2] == "/art/1.html"
    assert _stored(default_storage) == before
    assert not get_document_model().objects.exists()


def test_columns_resolver_and_page_type_are_checked(target, tmp_path):
    site, column, other, _org = target
    resolved = {"c1": column, "home": site.root_page, "far": Page.get_first_root_node()}

    def columns(ref):
        return resolved[ref]

    importer = DocumentImporter(section_root=site.root_page, columns=columns)
    report = importer.run(
        [
            (1, _record(1, column="c1")),
            (2, _record(2, column="home")),
            (3, _record(3, column="far")),
        ]
    )
    assert report.created == 1
    assert [(p.line, p.field) for p in report.errors] == [(2, "column"), (3, "column")]
    assert "不是信息公开目录栏目" in report.errors[0].message
    assert (
        "不是信息公开目录栏目" in report.errors[1].message
        or "不在目标站点" in report.errors[1].message
    )


def test_a_refused_batch_deletes_its_stored_files_before_the_retry(
    target, tmp_path, monkeypatch
):
    from django.core.files.storage import default_storage
    from django.db import IntegrityError

    from disclosure_pages.importing import service

    site, column, _other, _org = target
    (tmp_path / "a.pdf").write_bytes(PDF)
    before = _stored(default_storage)

    def refuse(**kwargs):
        raise IntegrityError("refused by the database")

    monkeypatch.setattr(service, "write_batch", refuse)
    importer = DocumentImporter(
        section_root=site.root_page, column=column, base_dir=tmp_path
    )
    report = importer.run([(n, _record(n, attachments=["a.pdf"])) for n in (1, 2)])
    # Redone one by one on the page API: each file stored once, none orphaned.
    assert (report.created, report.failed) == (2, 0), report.problems
    documents = get_document_model().objects.all()
    assert documents.count() == 2
    assert _stored(default_storage) - before == {
        d.file.name.rsplit("/", 1)[-1] for d in documents
    }
