"""The package reader refuses hostile packages with a clear Chinese error."""

import os
import stat
import zipfile

import pytest
from django.test import override_settings

from site_migration.package import PackageError, open_package
from tests.site_migration.packages import write_package

RECORD = '{"source_id": "c1", "title": "新闻", "slug": "news", "kind": "news"}'


def _zip(path, members: dict, *, symlink: str | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            bundle.writestr(info, "/etc/passwd")
    return path


MANIFEST = '{"format": "govcluster-site-migration", "version": 1}'


def test_a_directory_package_lists_its_kinds_in_import_order(tmp_path):
    root = write_package(
        tmp_path / "pkg",
        {
            "format": "govcluster-site-migration",
            "version": 1,
            "site": {"name": "示范市", "old_domains": ["www.old.gov.cn"]},
            "files": {"documents": "data/docs.jsonl"},
        },
        news=[{"source_id": "n1"}],
        columns=[RECORD, "not json", ""],
    )
    (root / "data").mkdir()
    (root / "data" / "docs.jsonl").write_text('{"source_id": "d1"}\n', "utf-8")
    with open_package(root) as package:
        assert package.kinds == ["columns", "documents", "news"]
        assert package.old_domains == ["www.old.gov.cn"]
        items = list(package.items("columns"))
        assert package.count("columns") == 2
    assert items[0] == (1, {"source_id": "c1", "title": "新闻", "slug": "news",
                            "kind": "news"})  # fmt: skip
    assert items[1][0] == 2 and "不是有效的 JSON" in str(items[1][1])


def test_a_zip_of_the_package_directory_is_unpacked_and_removed(tmp_path):
    archive = _zip(
        tmp_path / "site.zip",
        {"site/manifest.json": MANIFEST, "site/columns.jsonl": RECORD,
         "site/files/a.pdf": b"%PDF-1.4"},
    )  # fmt: skip
    with open_package(archive) as package:
        root = package.root
        assert (root / "files" / "a.pdf").read_bytes() == b"%PDF-1.4"
        assert package.count("columns") == 1
    assert not root.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/cron.d/x", "绝对路径"),
        ("C:\\evil.txt", "绝对路径"),
        ("files/../../evil.txt", "含有“..”"),
    ],
)
def test_zip_members_that_leave_the_package_are_refused(tmp_path, name, reason):
    archive = _zip(
        tmp_path / "a.zip", {"manifest.json": MANIFEST, "columns.jsonl": RECORD,
                             name: "x"}
    )  # fmt: skip
    with pytest.raises(PackageError, match=reason), open_package(archive):
        pass
    assert not (tmp_path / "evil.txt").exists()


def test_a_symlink_member_is_refused(tmp_path):
    archive = _zip(
        tmp_path / "a.zip",
        {"manifest.json": MANIFEST, "columns.jsonl": RECORD},
        symlink="files/a.pdf",
    )
    with pytest.raises(PackageError, match="符号链接"), open_package(archive):
        pass


def test_too_many_members_or_bytes_are_refused(tmp_path):
    members = {"manifest.json": MANIFEST, "columns.jsonl": RECORD}
    members |= {f"files/{n}.txt": "x" for n in range(5)}
    archive = _zip(tmp_path / "a.zip", members)
    with override_settings(SITE_MIGRATION_MAX_MEMBERS=5):
        with pytest.raises(PackageError, match="超过上限 5 个"), open_package(archive):
            pass
    bomb = _zip(tmp_path / "b.zip", {**members, "files/zero.bin": b"\0" * 200_000})
    with override_settings(SITE_MIGRATION_MAX_UNPACKED_BYTES=100_000):
        with pytest.raises(PackageError, match="超过上限"), open_package(bomb):
            pass


def test_not_a_package_is_refused_in_chinese(tmp_path):
    with pytest.raises(PackageError, match="迁移包不存在"):
        with open_package(tmp_path / "missing.zip"):
            pass
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(PackageError, match="目录或 ZIP"):
        with open_package(tmp_path / "x.txt"):
            pass
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackageError, match="manifest.json"):
        with open_package(tmp_path / "empty"):
            pass


def test_a_bad_manifest_lists_every_problem(tmp_path):
    root = write_package(
        tmp_path / "pkg",
        {"format": "other", "version": 9, "extra": 1,
         "files": {"pictures": "p.jsonl"}, "site": {"old_domains": ["a/b"]}},
        columns=[RECORD],
    )  # fmt: skip
    with pytest.raises(PackageError) as error, open_package(root):
        pass
    message = str(error.value)
    for part in ("未知字段：extra", "format", "version", "pictures", "old_domains"):
        assert part in message


def test_record_files_outside_the_package_or_symlinked_are_refused(tmp_path):
    (tmp_path / "secret.jsonl").write_text(RECORD)
    root = write_package(
        tmp_path / "pkg",
        {"format": "govcluster-site-migration", "version": 1,
         "files": {"columns": "../secret.jsonl"}},
    )  # fmt: skip
    with pytest.raises(PackageError, match="“..”"), open_package(root):
        pass
    root = write_package(tmp_path / "pkg2")
    os.symlink(tmp_path / "secret.jsonl", root / "columns.jsonl")
    with pytest.raises(PackageError, match="符号链接"), open_package(root):
        pass
    os.symlink(root, tmp_path / "link")
    with pytest.raises(PackageError, match="符号链接"), open_package(tmp_path / "link"):
        pass


def test_a_package_without_records_is_refused(tmp_path):
    with pytest.raises(PackageError, match="没有任何记录文件"):
        with open_package(write_package(tmp_path / "pkg")):
            pass
