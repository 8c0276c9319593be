"""Limits for ZIP containers (Office Open XML, OFD) before anything inflates them.

A 123 KB .docx can hold a document.xml of several hundred megabytes; python-docx
would inflate and parse all of it. The central directory states every member's
sizes, and Python's zipfile never inflates a member beyond its stated size, so
checking the directory bounds the work done later.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Members this small may compress very well without harm (XML boilerplate).
RATIO_FREE_BYTES = 1024 * 1024


class ArchiveTooLarge(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _limits() -> tuple[int, int, int]:
    return (
        getattr(settings, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024),
        getattr(settings, "ARCHIVE_MAX_RATIO", 100),
        getattr(settings, "ARCHIVE_MAX_MEMBERS", 2000),
    )


def check_zip_limits(fileobj) -> None:
    """Raise ArchiveTooLarge when the archive would inflate beyond the limits.

    Not a ZIP at all is left to the format check (or the reader) to report.
    """
    max_total, max_ratio, max_members = _limits()
    try:
        members = zipfile.ZipFile(fileobj).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(members) > max_members:
        raise ArchiveTooLarge(
            _("包含 %(count)d 个文件，上限为 %(max)d 个")
            % {"count": len(members), "max": max_members}
        )
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise ArchiveTooLarge(
            _("解压后共 %(size)s，上限为 %(max)s")
            % {"size": filesizeformat(total), "max": filesizeformat(max_total)}
        )
    for member in members:
        if member.file_size <= RATIO_FREE_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > max_ratio:
            raise ArchiveTooLarge(
                _("“%(member)s”的压缩比为 %(ratio)d:1，上限为 %(max)d:1")
                % {"member": member.filename, "ratio": ratio, "max": max_ratio}
            )
