"""Reading a migration package (迁移包): a directory, or a .zip of one.

A package is hostile until checked. A zip is unpacked into a private
temporary directory member by member, refusing absolute paths, ``..``,
symbolic links, duplicate names and more members or bytes than the
``SITE_MIGRATION_MAX_*`` settings allow (a member's declared size can lie, so
the bytes written are counted too). A directory package, its record files and
the files its records name must be regular files inside it, reached without a
symbolic link (``disclosure_pages.importing.attachments.checked_local_path``,
which the importers also use for attachments and images).

The layout and ``manifest.json`` are documented in docs/import-format.md.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.importfiles import ImportFileError, LineError, read_import_file, utf8_lines
from site_migration.choices import RecordKind

MANIFEST = "manifest.json"
FORMAT_NAME = "govcluster-site-migration"
FORMAT_VERSIONS = (1,)
MANIFEST_KEYS = {"format", "version", "site", "files"}
SITE_KEYS = {"name", "code", "old_domains"}
COPY_CHUNK = 1024 * 1024


class PackageError(Exception):
    """The package cannot be read at all; the message says why, in Chinese."""


def max_members() -> int:
    return settings.SITE_MIGRATION_MAX_MEMBERS


def max_unpacked_bytes() -> int:
    return settings.SITE_MIGRATION_MAX_UNPACKED_BYTES


def max_records_file_bytes() -> int:
    return settings.SITE_MIGRATION_MAX_RECORDS_FILE_BYTES


@dataclass
class Package:
    """An opened package: its directory, manifest and record file per kind."""

    root: Path
    manifest: dict
    files: dict[str, Path] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def old_domains(self) -> list[str]:
        return list(self.manifest.get("site", {}).get("old_domains", []))

    @property
    def kinds(self) -> list[str]:
        """The kinds the package has records for, in import order."""
        return [kind for kind in RecordKind.values if kind in self.files]

    def lines(self, kind: str) -> list[tuple[int, str | None]]:
        """(line number, text or None when not UTF-8) of the kind's non-blank lines."""
        path = self.files.get(kind)
        if path is None:
            return []
        try:
            data = read_import_file(path, limit=max_records_file_bytes())
        except ImportFileError as error:
            raise PackageError(str(error)) from error
        return utf8_lines(data)

    def items(self, kind: str) -> Iterator[tuple[int, object]]:
        """(line number, parsed JSON value or the LineError) of each record."""
        for number, text in self.lines(kind):
            yield number, parse_line(text)

    def count(self, kind: str) -> int:
        """The kind's number of records (non-blank lines), read once."""
        if kind not in self._counts:
            self._counts[kind] = len(self.lines(kind))
        return self._counts[kind]


def parse_line(text: str | None) -> object:
    """The JSON value of one line, or a LineError saying why there is none."""
    if text is None:
        return LineError(_("这一行不是 UTF-8 编码，请将文件转换为 UTF-8 后再导入。"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return LineError(
            _("不是有效的 JSON（第 %(col)d 列）：%(msg)s")
            % {"col": error.colno, "msg": error.msg}
        )
    except RecursionError:
        return LineError(_("JSON 嵌套层数过多。"))


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """The package at ``path`` (a directory or a .zip), checked; ``PackageError``
    in Chinese otherwise. A zip's temporary copy is removed afterwards."""
    path = Path(path)
    if path.is_symlink():
        raise PackageError(_("迁移包是符号链接，已拒绝读取：%(path)s") % {"path": path})
    if path.is_dir():
        yield read_directory(path)
        return
    if not path.exists():
        raise PackageError(_("迁移包不存在：%(path)s") % {"path": path})
    if not zipfile.is_zipfile(path):
        raise PackageError(
            _("迁移包应为一个目录或 ZIP 文件：%(path)s") % {"path": path.name}
        )
    scratch = Path(tempfile.mkdtemp(prefix="site-migration-"))
    try:
        unpack_zip(path, scratch)
        yield read_directory(_package_root(scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _package_root(unpacked: Path) -> Path:
    # A zip of the package directory itself holds one folder with the manifest.
    if (unpacked / MANIFEST).exists():
        return unpacked
    children = list(unpacked.iterdir())
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return unpacked


def unpack_zip(archive: Path, target: Path) -> None:
    """Unpack ``archive`` into the empty directory ``target``, member by member."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            _check_members(members)
            written = 0
            for member in members:
                if member.is_dir():
                    continue
                destination = target.joinpath(*_member_parts(member.filename))
                destination.parent.mkdir(parents=True, exist_ok=True)
                written = _copy_member(bundle, member, destination, written)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise PackageError(
            _("ZIP 文件已损坏或格式不受支持：%(reason)s") % {"reason": error}
        ) from error
    except RuntimeError as error:  # an encrypted member
        raise PackageError(_("ZIP 文件中有加密的文件，请去掉密码后再上传。")) from error


def _member_parts(name: str) -> tuple[str, ...]:
    """The path parts of a member name; PackageError for a name that leaves."""
    normalised = name.replace("\\", "/")
    relative = PurePosixPath(normalised)
    if relative.is_absolute() or (len(normalised) > 1 and normalised[1] == ":"):
        raise PackageError(
            _("ZIP 文件中的“%(name)s”是绝对路径，已拒绝。") % {"name": name[:200]}
        )
    if ".." in relative.parts:
        raise PackageError(
            _("ZIP 文件中的“%(name)s”含有“..”，已拒绝。") % {"name": name[:200]}
        )
    parts = tuple(part for part in relative.parts if part not in ("", "."))
    if not parts:
        raise PackageError(_("ZIP 文件中有没有名称的文件，已拒绝。"))
    return parts


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > max_members():
        raise PackageError(
            _("ZIP 文件有 %(count)d 个文件，超过上限 %(max)d 个。")
            % {"count": len(members), "max": max_members()}
        )
    declared = sum(member.file_size for member in members)
    if declared > max_unpacked_bytes():
        raise PackageError(
            _("ZIP 文件解压后有 %(size)s，超过上限 %(max)s。")
            % {
                "size": filesizeformat(declared),
                "max": filesizeformat(max_unpacked_bytes()),
            }
        )
    seen: set[tuple[str, ...]] = set()
    for member in members:
        parts = _member_parts(member.filename)
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(
                _("ZIP 文件中的“%(name)s”是符号链接，已拒绝。")
                % {"name": member.filename[:200]}
            )
        key = tuple(part.casefold() for part in parts)
        if key in seen and not member.is_dir():
            raise PackageError(
                _("ZIP 文件中的“%(name)s”重复出现，已拒绝。")
                % {"name": member.filename[:200]}
            )
        seen.add(key)


def _copy_member(bundle, member, destination: Path, written: int) -> int:
    limit = max_unpacked_bytes()
    # O_EXCL | O_NOFOLLOW: never write through something already there.
    descriptor = os.open(
        destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600
    )
    with bundle.open(member) as source, os.fdopen(descriptor, "wb") as sink:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                # The declared sizes lied (a zip bomb): stop at the cap.
                raise PackageError(
                    _("ZIP 文件解压后超过上限 %(max)s。")
                    % {"max": filesizeformat(limit)}
                )
            sink.write(chunk)
    return written


def read_directory(root: Path) -> Package:
    """The package in directory ``root``: its manifest and record files, checked."""
    from disclosure_pages.importing.attachments import checked_local_path
    from disclosure_pages.importing.records import RecordError

    manifest = read_manifest(root)
    names = {kind: f"{kind}.jsonl" for kind in RecordKind.values}
    names.update(manifest.get("files", {}))
    files = {}
    for kind, name in names.items():
        try:
            path = checked_local_path(name, base_dir=root)
        except (RecordError, LineError) as error:
            # LineError: the checker's error once it moves to core (#19 pages).
            raise PackageError(
                _("清单中 %(kind)s 的文件无效：%(reason)s")
                % {"kind": kind, "reason": error}
            ) from error
        if path.exists() or kind in manifest.get("files", {}):
            if not path.is_file():
                raise PackageError(_("清单列出的文件不存在：%(name)s") % {"name": name})
            files[kind] = path
    if not files:
        raise PackageError(_("迁移包中没有任何记录文件（如 documents.jsonl）。"))
    return Package(root=Path(os.path.realpath(root)), manifest=manifest, files=files)


def read_manifest(root: Path) -> dict:
    """``manifest.json`` of the package, checked; PackageError listing every problem."""
    try:
        data = read_import_file(root / MANIFEST, limit=1024 * 1024)
    except ImportFileError as error:
        raise PackageError(
            _("迁移包缺少可读取的 manifest.json：%(reason)s") % {"reason": error}
        ) from error
    try:
        manifest = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(
            _("manifest.json 不是有效的 UTF-8 JSON：%(reason)s") % {"reason": error}
        ) from error
    problems = manifest_problems(manifest)
    if problems:
        raise PackageError(
            _("manifest.json 有误：%(problems)s") % {"problems": "；".join(problems)}
        )
    return manifest


def manifest_problems(manifest: object) -> list[str]:
    if not isinstance(manifest, dict):
        return [_("应为一个 JSON 对象。")]
    problems = []
    unknown = sorted(set(manifest) - MANIFEST_KEYS)
    if unknown:
        problems.append(_("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
    if manifest.get("format") != FORMAT_NAME:
        problems.append(
            _("字段 format 应为“%(name)s”。") % {"name": FORMAT_NAME},
        )
    if manifest.get("version") not in FORMAT_VERSIONS:
        problems.append(
            _("不支持的格式版本 version：%(version)s（支持：%(known)s）。")
            % {
                "version": str(manifest.get("version"))[:20],
                "known": "、".join(str(v) for v in FORMAT_VERSIONS),
            }
        )
    site = manifest.get("site", {})
    if not isinstance(site, dict):
        problems.append(_("字段 site 应为一个对象。"))
    else:
        unknown = sorted(set(site) - SITE_KEYS)
        if unknown:
            problems.append(
                _("site 中的未知字段：%(keys)s。") % {"keys": "、".join(unknown)}
            )
        domains = site.get("old_domains", [])
        if not isinstance(domains, list) or not all(
            isinstance(domain, str) and domain and "/" not in domain
            for domain in domains
        ):
            problems.append(
                _('site.old_domains 应为域名列表，例如 ["www.old.gov.cn"]。')
            )
    files = manifest.get("files", {})
    if not isinstance(files, dict) or not all(
        isinstance(name, str) and name for name in files.values()
    ):
        problems.append(_("字段 files 应为“类型: 文件名”的对象。"))
    else:
        unknown = sorted(set(files) - set(RecordKind.values))
        if unknown:
            problems.append(
                _("files 中的未知类型：%(keys)s（可用：%(known)s）。")
                % {"keys": "、".join(unknown), "known": "、".join(RecordKind.values)}
            )
    return problems
