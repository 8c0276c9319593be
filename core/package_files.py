"""Files an import record names: a path inside the import's own directory.

Whatever an import brings in is published, so a path may only name a regular
file inside the import file's directory: absolute paths, ``..`` and symbolic
links are refused (a link to /etc/passwd named ``a.pdf`` would otherwise be
served to the public). Shared by the importers of every app.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.importfiles import LineError


def checked_local_path(location: str, *, base_dir: Path | None) -> Path:
    """The real path of ``location``, a file inside ``base_dir``; else LineError."""
    if base_dir is None:
        # Records from a feed have no directory of their own to read from.
        raise LineError(
            _("附件只能是网址，不能是服务器上的文件：%(path)s") % {"path": location}
        )
    if "://" in location:
        raise LineError(
            _("附件网址只能以 http:// 或 https:// 开头：%(url)s") % {"url": location}
        )
    relative = PurePosixPath(location.replace("\\", "/"))
    if relative.is_absolute() or location.startswith("~"):
        raise LineError(
            _("附件路径不能是绝对路径，只能是相对于导入文件所在目录的路径：%(path)s")
            % {"path": location}
        )
    if ".." in relative.parts:
        raise LineError(
            _("附件路径不能包含“..”，只能是导入文件所在目录之内的文件：%(path)s")
            % {"path": location}
        )
    base = Path(os.path.realpath(base_dir))
    candidate = base.joinpath(*relative.parts)
    real = Path(os.path.realpath(candidate))
    if real != candidate or not real.is_relative_to(base):
        raise LineError(
            _("附件路径经过符号链接，已拒绝读取：%(path)s") % {"path": location}
        )
    return real


def read_local_file(
    real: Path, *, location: str, max_bytes: int | None = None
) -> bytes:
    """The bytes of a path ``checked_local_path`` returned; else LineError."""
    max_bytes = max_bytes or settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    try:
        # O_NOFOLLOW: a link swapped in after the check above is still refused.
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise LineError(_("附件文件不存在：%(path)s") % {"path": location}) from error
    except OSError as error:
        raise LineError(
            _("无法读取附件文件 %(path)s：%(reason)s")
            % {"path": location, "reason": error.strerror}
        ) from error
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LineError(_("附件不是普通文件：%(path)s") % {"path": location})
        if info.st_size > max_bytes:
            raise LineError(
                _("附件“%(name)s”超过 %(max)s。")
                % {"name": real.name, "max": filesizeformat(max_bytes)}
            )
        return stream.read(max_bytes + 1)
