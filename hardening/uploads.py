"""Check uploaded files by their content, not their name.

A file passes only when its leading bytes match a signature of a format its
extension allows (a PHP script renamed ``.pdf`` does not start with ``%PDF``).
``filetype`` (pure Python) knows the common formats; the Office 97–2003 / WPS
compound-file signature and plain text are checked here, because filetype does
not cover them.
"""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 8192

# Extension -> what its content must be. "zip" covers the Office Open XML
# formats and OFD, which are ZIP containers.
EXPECTED = {
    "pdf": {"pdf"},
    "doc": {"ole2"},
    "xls": {"ole2"},
    "wps": {"ole2", "zip"},
    "et": {"ole2", "zip"},
    "docx": {"zip", "docx"},
    "xlsx": {"zip", "xlsx"},
    "ofd": {"zip"},
    "zip": {"zip"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "txt": {"text"},
    "csv": {"text"},
}
SCRIPT_MARKERS = (b"<?php", b"<?=", b"<script", b"<%@", b"#!/")


def _sniff(head: bytes) -> set[str]:
    kinds = set()
    if head.startswith(OLE2):
        kinds.add("ole2")
    kind = filetype.guess(head)
    if kind is not None:
        kinds.add(kind.extension)
        if kind.mime == "application/zip" or kind.extension in ("docx", "xlsx"):
            kinds.add("zip")
    if not kinds and _is_text(head):
        kinds.add("text")
    return kinds


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    lowered = head.lower()
    if any(marker in lowered for marker in SCRIPT_MARKERS):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is fine.
            if error.start >= len(head) - 3:
                return True
    return False


def validate_upload(uploaded, *, max_size: int | None = None) -> None:
    """Raise ValidationError (in Chinese) unless the content fits the extension."""
    name = getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    max_size = max_size or settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if uploaded.size > max_size:
        raise ValidationError(
            _("文件“%(name)s”过大（%(size)s），上限为 %(max)s。")
            % {
                "name": name,
                "size": filesizeformat(uploaded.size),
                "max": filesizeformat(max_size),
            },
            code="file_too_large",
        )
    expected = EXPECTED.get(extension)
    if expected is None:
        raise ValidationError(
            _("不允许上传扩展名为“%(extension)s”的文件。") % {"extension": extension},
            code="extension_not_allowed",
        )
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(position)
    if not (_sniff(head) & expected):
        raise ValidationError(
            _(
                "文件“%(name)s”的内容与扩展名不符，"
                "不是有效的 %(extension)s 文件，已拒绝上传。"
            )
            % {"name": name, "extension": extension.upper()},
            code="content_mismatch",
        )
