"""Read an import record's attachment: a file beside the import file, or a URL.

Whatever an import brings in is published, so a path may only name a regular
file inside the import file's directory: absolute paths, ``..`` and symbolic
links are refused (a link to /etc/passwd named ``a.pdf`` would otherwise be
served to the public). URLs go through ``remote.fetch_url``. Both then get
the content checks of an admin upload (``hardening.uploads.validate_upload``).
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from disclosure_pages.importing.records import Attachment, RecordError
from disclosure_pages.importing.remote import fetch_url
from disclosure_pages.models.pages import ATTACHMENT_EXTENSIONS
from hardening.uploads import validate_upload


def read_attachment(attachment: Attachment, *, base_dir: Path | None) -> ContentFile:
    """The checked content, named; raises RecordError or ValidationError."""
    location = attachment.location
    if attachment.is_url:
        filename = Path(urllib.parse.urlsplit(location).path).name or "attachment"
    else:
        # Where the path points is checked before anything else is said about it.
        path = checked_local_path(location, base_dir=base_dir)
        filename = path.name
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise RecordError(
            _("附件“%(name)s”的格式不受支持，只能是 PDF、Word、Excel、OFD 或图片。")
            % {"name": filename}
        )
    if attachment.is_url:
        content = fetch_url(location)
    else:
        content = read_local_file(path, location=location)
    upload = ContentFile(content, name=filename)
    validate_upload(upload)  # the same content and size checks as the admin's
    return upload


def checked_local_path(location: str, *, base_dir: Path | None) -> Path:
    """The real path of ``location``, a file inside ``base_dir``; else RecordError."""
    if base_dir is None:
        # Records from a feed have no directory of their own to read from.
        raise RecordError(
            _("附件只能是网址，不能是服务器上的文件：%(path)s") % {"path": location}
        )
    if "://" in location:
        raise RecordError(
            _("附件网址只能以 http:// 或 https:// 开头：%(url)s") % {"url": location}
        )
    relative = PurePosixPath(location.replace("\\", "/"))
    if relative.is_absolute() or location.startswith("~"):
        raise RecordError(
            _("附件路径不能是绝对路径，只能是相对于导入文件所在目录的路径：%(path)s")
            % {"path": location}
        )
    if ".." in relative.parts:
        raise RecordError(
            _("附件路径不能包含“..”，只能是导入文件所在目录之内的文件：%(path)s")
            % {"path": location}
        )
    base = Path(os.path.realpath(base_dir))
    candidate = base.joinpath(*relative.parts)
    real = Path(os.path.realpath(candidate))
    if real != candidate or not real.is_relative_to(base):
        raise RecordError(
            _("附件路径经过符号链接，已拒绝读取：%(path)s") % {"path": location}
        )
    return real


def read_local_file(real: Path, *, location: str) -> bytes:
    max_bytes = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    try:
        # O_NOFOLLOW: a link swapped in after the check above is still refused.
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise RecordError(_("附件文件不存在：%(path)s") % {"path": location}) from error
    except OSError as error:
        raise RecordError(
            _("无法读取附件文件 %(path)s：%(reason)s")
            % {"path": location, "reason": error.strerror}
        ) from error
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RecordError(_("附件不是普通文件：%(path)s") % {"path": location})
        if info.st_size > max_bytes:
            raise RecordError(
                _("附件“%(name)s”超过 %(max)s。")
                % {"name": real.name, "max": filesizeformat(max_bytes)}
            )
        return stream.read(max_bytes + 1)
