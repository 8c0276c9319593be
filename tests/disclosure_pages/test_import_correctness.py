"""Importer correctness (issue 13.7): run as the operator does, check output and DB."""

import io
import json
import re

import pytest
from django.core.management import call_command

from disclosure_pages.codes import format_index_number
from disclosure_pages.models import DisclosureDocumentPage
from site_registry import lifecycle as registry
from tests.factories.disclosure import make_catalog, make_organization, make_site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def target(db):
    site, home = make_site("imp", hostname="imp.localhost")
    _catalog, column = make_catalog(home, ("zcwj", "policy"))
    organization = make_organization("示范市人民政府办公室")
    return site, home, column, organization


def _record(n: int, **values) -> dict:
    record = {
        "source_id": f"src-{n}",
        "title": f"示范市人民政府关于第{n}项工作的通知",
        "body_text": "各区县人民政府：\n现就有关事项通知如下。",
        "written_date": "2019-03-01",
        "published_at": "2019-03-05 10:30",
        "organization": "示范市人民政府办公室",
    }
    record.update(values)
    return record


def _write(tmp_path, records, *, encoding="utf-8", name="docs.jsonl"):
    lines = [
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records
    ]
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _run(path, site="imp", column="zcwj"):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_documents", str(path), "--site", site, "--column", column,
        "--no-progress", stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("first_has_attachment", [False, True])
def test_numbers_carried_by_later_records_are_not_generated_for_earlier_ones(
    target, tmp_path, first_has_attachment
):
    _site, _home, _column, organization = target
    carried = format_index_number(prefix=organization.index_prefix, year=2019, serial=1)
    first = _record(1)
    if first_has_attachment:  # the page-API path instead of the bulk path
        (tmp_path / "a.pdf").write_bytes(PDF)
        first["attachments"] = ["a.pdf"]
    path = _write(tmp_path, [first, _record(2, index_number=carried)])
    out, err = _run(path)
    assert "新建 2 篇，更新 0 篇，失败 0 篇" in out, err
    numbers = dict(
        DisclosureDocumentPage.objects.values_list("source_id", "index_number")
    )
    assert numbers["src-2"] == carried
    assert numbers["src-1"] and numbers["src-1"] != carried


def _empty_home(profile):
    home = profile.root_page.specific
    # The registry's skeleton already holds a catalog; the test builds its own.
    for child in home.get_children():
        child.delete()
    return home


def test_a_subsite_target_never_lands_in_the_parent_column(target, tmp_path):
    county = registry.open_site(
        name="示范市东城区人民政府门户网站",
        level="county_portal",
        organizer="示范市东城区人民政府",
        hostname="dc.localhost",
        home_slug="dc",
        code="3701020099",
    )
    _catalog, parent_column = make_catalog(_empty_home(county), ("zcwj", "policy"))
    sub = registry.open_site(
        name="示范市东城区青台镇人民政府",
        level="township",
        organizer="示范市东城区青台镇人民政府",
        parent=county,
        subsite_slug="qtz",
    )
    _catalog, sub_column = make_catalog(_empty_home(sub), ("zcwj", "policy"))
    out, err = _run(_write(tmp_path, [_record(1)]), site="dc/qtz")
    assert "新建 1 篇" in out, err
    page = DisclosureDocumentPage.objects.get()
    assert page.get_parent().pk == sub_column.pk
    # child_of queries by path: get_children() trusts the stale in-memory numchild.
    assert not DisclosureDocumentPage.objects.child_of(parent_column).exists()
    # The sub-site's slug alone names it too, as long as only one has it.
    out, err = _run(_write(tmp_path, [_record(3)]), site="qtz")
    assert "新建 1 篇" in out, err
    assert DisclosureDocumentPage.objects.child_of(sub_column).count() == 2

    # The parent as the target, with the column only in the sub-site: an error,
    # not the sub-site's column.
    sub_column.slug = "qtzwj"
    sub_column.save()
    for child in parent_column.get_children():
        child.delete()
    _parent_catalog = parent_column.get_parent()
    parent_column.delete()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="找不到栏目"):
        _run(_write(tmp_path, [_record(2)]), site="dc", column="qtzwj")


def test_a_nul_byte_is_a_line_error_and_the_others_are_imported(target, tmp_path):
    path = _write(
        tmp_path,
        [_record(1), _record(2, title="含\u0000空字符"), _record(3), "{bad"],
    )
    out, err = _run(path)
    assert "新建 2 篇，更新 0 篇，失败 2 篇" in out
    lines = err.strip().splitlines()
    assert lines[0].startswith("第 2 行：") and "空字符" in lines[0]
    assert lines[1].startswith("第 4 行：不是有效的 JSON")
    assert set(DisclosureDocumentPage.objects.values_list("source_id", flat=True)) == {
        "src-1",
        "src-3",
    }


def test_a_nul_byte_in_the_body_is_reported_on_the_page_api_path(target, tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    path = _write(
        tmp_path,
        [_record(1), _record(2, body_text="正文\u0000", attachments=["a.pdf"])],
    )
    out, err = _run(path)
    assert "新建 1 篇，更新 0 篇，失败 1 篇" in out
    assert err.strip().startswith("第 2 行：")
    assert DisclosureDocumentPage.objects.get().source_id == "src-1"


def test_a_gbk_file_is_read(target, tmp_path):
    path = _write(tmp_path, [_record(1), _record(2)], encoding="gbk")
    out, err = _run(path)
    assert "新建 2 篇，更新 0 篇，失败 0 篇" in out, err
    assert DisclosureDocumentPage.objects.filter(
        title="示范市人民政府关于第1项工作的通知"
    ).exists()


def test_an_undecodable_line_gets_its_line_number(target, tmp_path):
    path = tmp_path / "docs.jsonl"
    good = json.dumps(_record(1), ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + b'{"title": "\xff\xfe\xff"}\n')
    out, err = _run(path)
    assert "新建 1 篇，更新 0 篇，失败 1 篇" in out
    assert err.strip().startswith("第 2 行：") and "编码" in err


def _stored_documents() -> set[str]:
    from django.core.files.storage import default_storage

    # Not exists("documents"): on S3 a prefix is no object, it always says no.
    try:
        names = default_storage.listdir("documents")[1]
    except FileNotFoundError:
        return set()
    # Only this test's files: other runs may use the same bucket meanwhile.
    return {n for n in names if re.match(r"^(good|bad)(_[A-Za-z0-9]{7})?\.pdf$", n)}


def test_a_failing_record_leaves_no_stored_file_behind(target, tmp_path):
    (tmp_path / "good.pdf").write_bytes(PDF)
    (tmp_path / "bad.pdf").write_bytes(b"MZ\x90\x00 not a pdf")
    before = _stored_documents()
    out, err = _run(_write(tmp_path, [_record(1, attachments=["good.pdf", "bad.pdf"])]))
    assert "新建 0 篇，更新 0 篇，失败 1 篇" in out
    assert err.startswith("第 1 行，字段 attachments：") and "内容与扩展名不符" in err
    from wagtail.documents import get_document_model

    assert not get_document_model().objects.exists()
    assert not DisclosureDocumentPage.objects.exists()
    assert _stored_documents() == before
