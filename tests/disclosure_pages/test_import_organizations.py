"""manage.py import_organizations: the admin's checks, every error with its
line and field, idempotent re-runs, hostile files refused."""

import json
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from disclosure_pages.importing.organizations import OrganizationImporter
from disclosure_pages.models import Organization
from site_registry.models import SiteProfile
from tests.factories.disclosure import make_site, valid_credit_code, valid_org_code

pytestmark = pytest.mark.django_db


def _write(tmp_path, *records, raw=b""):
    path = tmp_path / "orgs.jsonl"
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in records]
    path.write_bytes(b"\n".join(lines) + b"\n" + raw)
    return path


def _run(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_organizations",
            str(path),
            "--no-progress",
            *args,
            stdout=out,
            stderr=err,
        )
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def test_imports_organizations_with_their_sites_and_updates_on_rerun(tmp_path):
    _site, home = make_site("orgs")
    profile = SiteProfile.objects.get(root_page=home)
    code = valid_org_code(901)
    path = _write(
        tmp_path,
        {
            "source_id": "o1",
            "name": "示范市财政局",
            "short_name": "财政局",
            "org_code": code,
            "credit_code": valid_credit_code(code),
            "sites": [profile.code],
        },
        {"source_id": "o2", "name": "示范市审计局", "org_code": valid_org_code(902)},
    )
    out, err, failure = _run(path)
    assert failure is None, err
    assert "新建 2 个，更新 0 个，失败 0 个" in out
    finance = Organization.objects.get(name="示范市财政局")
    assert list(finance.sites.all()) == [profile]
    assert finance.short_name == "财政局"

    # Re-run: found by credit code, renamed, nothing duplicated, sites kept.
    path = _write(
        tmp_path,
        {"name": "示范市财政局（新）", "credit_code": valid_credit_code(code)},
    )
    out, err, failure = _run(path)
    assert failure is None, err
    assert "新建 0 个，更新 1 个" in out
    finance.refresh_from_db()
    assert finance.name == "示范市财政局（新）"
    assert finance.org_code == code
    assert list(finance.sites.all()) == [profile]
    assert Organization.objects.count() == 2


def test_every_error_of_a_record_is_reported_with_line_and_field(tmp_path):
    code = valid_org_code(903)
    bad_credit = valid_credit_code(code)[:-1] + (
        "0" if valid_credit_code(code)[-1] != "0" else "1"
    )
    path = _write(
        tmp_path,
        {"name": "好机构", "org_code": valid_org_code(904)},
        {
            "name": "坏\x07机构",
            "org_code": "123",
            "credit_code": bad_credit,
            "sites": ["9999999999"],
        },
        {"name": "好机构", "org_code": valid_org_code(905)},
        {"short_name": "无名"},
        raw=b"{not json\n",
    )
    out, err, failure = _run(path)
    assert failure == "4 条记录有错误，未导入。"
    assert "第 2 行，字段 name（错误）：字段 name 含有控制字符（U+0007）" in err
    assert "第 2 行，字段 sites（错误）：找不到网站标识码：9999999999" in err
    assert "第 3 行，字段 name（错误）：“好机构”与第 1 行重复" in err
    assert "第 4 行，字段 name（错误）：缺少机构全称" in err
    assert "第 5 行（错误）：这一行不是有效的 JSON" in err
    # The admin form's checks run on the other fields of the same record.
    assert "第 2 行，字段 org_code（错误）" in err
    assert "第 2 行，字段 credit_code（错误）" in err
    assert "新建 1 个，更新 0 个，失败 4 个" in out
    assert list(Organization.objects.values_list("name", flat=True)) == ["好机构"]


def test_the_admins_code_checks_apply(tmp_path):
    code = valid_org_code(906)
    credit = valid_credit_code(code)
    wrong_check = credit[:-1] + ("0" if credit[-1] != "0" else "1")
    path = _write(
        tmp_path,
        {"name": "信用代码错", "credit_code": wrong_check},
        {"name": "代码不一致", "org_code": valid_org_code(907), "credit_code": credit},
        {"name": "无代码"},
    )
    _out, err, failure = _run(path)
    assert failure is not None
    assert "第 1 行，字段 credit_code（错误）" in err
    assert "第 2 行，字段 credit_code（错误）：统一社会信用代码第 9 至 17 位" in err
    assert (
        "第 3 行，字段 org_code（错误）：请至少填写组织机构代码或统一社会信用代码"
        in err
    )
    assert not Organization.objects.exists()


def test_existing_name_of_another_organisation_is_refused_like_the_admin(tmp_path):
    Organization.objects.create(name="已有机构", org_code=valid_org_code(908))
    path = _write(tmp_path, {"name": "已有机构", "org_code": valid_org_code(909)})
    # Found by name: the same organisation, updated with the new code.
    assert _run(path)[2] is None
    assert Organization.objects.get().org_code == valid_org_code(909)
    Organization.objects.create(name="另一机构", org_code=valid_org_code(910))
    # Found by code, renamed to a name another organisation holds: refused.
    path = _write(tmp_path, {"name": "另一机构", "org_code": valid_org_code(909)})
    _out, err, failure = _run(path)
    assert failure is not None
    assert "字段 name（错误）" in err
    assert Organization.objects.filter(name="已有机构").exists()


def test_dry_run_reports_and_writes_nothing(tmp_path):
    path = _write(tmp_path, {"name": "试运行机构", "org_code": valid_org_code(911)})
    out, _err, failure = _run(path, "--dry-run")
    assert failure is None
    assert "试运行（未保存）：新建 1 个" in out
    assert not Organization.objects.exists()


def test_unknown_fields_are_warnings_and_errors_when_strict(tmp_path):
    path = _write(
        tmp_path, {"name": "多字段", "org_code": valid_org_code(912), "fax": "1"}
    )
    out, err, failure = _run(path, "--strict")
    assert failure is not None
    assert "字段 fax（错误）：未知字段 fax" in err
    out, err, failure = _run(path)
    assert failure is None
    assert "字段 fax（提示）：未知字段 fax" in err
    assert Organization.objects.filter(name="多字段").exists()


def test_hostile_files_are_refused(tmp_path, settings):
    target = _write(tmp_path, {"name": "链接", "org_code": valid_org_code(913)})
    link = tmp_path / "link.jsonl"
    os.symlink(target, link)
    with pytest.raises(CommandError, match="符号链接"):
        call_command("import_organizations", str(link), "--no-progress")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_organizations", str(tmp_path / "no.jsonl"))
    settings.ORGANIZATION_IMPORT_MAX_BYTES = 10
    with pytest.raises(CommandError, match="超过"):
        call_command("import_organizations", str(target), "--no-progress")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"name": "\xff\xfe"}\n["list"]\n')
    settings.ORGANIZATION_IMPORT_MAX_BYTES = 2**20
    _out, err, failure = _run(bad)
    assert "第 1 行（错误）：这一行不是 UTF-8 编码" in err
    assert "第 2 行（错误）：每一行应是一个 JSON 对象" in err
    assert failure is not None
    assert not Organization.objects.exists()


def test_importer_adds_the_migration_target_and_counts_progress():
    _site, home = make_site("orgtarget")

    class Bar:
        done = 0

        def update(self, n):
            self.done += n

    bar = Bar()
    report = OrganizationImporter(section_root=home).run(
        [(1, {"source_id": "a", "name": "目标机构", "org_code": valid_org_code(914)})],
        progress=bar,
    )
    assert (report.created, report.failed, bar.done) == (1, 0, 1)
    organization = Organization.objects.get()
    assert report.written == [("a", organization.pk, "")]
    assert list(organization.sites.all()) == [SiteProfile.objects.get(root_page=home)]
