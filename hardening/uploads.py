"""Check uploaded files by their content, not their name or the browser's type.

A file passes only when its leading bytes match a signature of a format its
extension allows (a PHP script renamed ``.pdf`` does not start with ``%PDF``).
``filetype`` (pure Python) knows the common formats; the Office 97–2003 / WPS
compound-file signature and plain text are checked here, because filetype does
not cover them. Text files are read whole: a script after the first kilobytes
is still found. Office Open XML files are refused when they would inflate far
beyond their size (decompression bombs).

The same detection decides the Content-Type and Content-Disposition a stored
file is served with (``stored_file_headers``), on S3 and on local storage alike;
the browser's Content-Type is never used. These are plain functions so other
ways into storage (the importer's attachments) can call them too.
"""

from __future__ import annotations

import codecs
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from hardening.archives import ArchiveTooLarge, check_zip_limits
from hardening.file_types import INLINE_TYPES, OPAQUE_TYPE, STORED_TYPES

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 8192
CHUNK_BYTES = 64 * 1024

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
# Markup a browser would run or render as a document, refused in text files.
SCRIPT_MARKERS = (
    b"<?php",
    b"<?=",
    b"<script",
    b"<%@",
    b"#!/",
    b"<html",
    b"<!doctype html",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
)
_MARKER_OVERLAP = max(len(marker) for marker in SCRIPT_MARKERS)
# ZIP containers whose XML the server itself reads (publish check) or whose
# parts an office suite inflates: bombs are refused at upload.
INFLATED_EXTENSIONS = {"docx", "xlsx", "wps", "et", "ofd"}

# Willow/Pillow image formats also accepted through the image library.
IMAGE_KINDS = {"avif": {"avif"}}


def file_extension(name: str) -> str:
    name = name.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff_kinds(head: bytes) -> set[str]:
    """What the leading bytes are: {"pdf"}, {"zip", "docx"}, {"text"}, …"""
    kinds = set()
    if head.startswith(OLE2):
        kinds.add("ole2")
    kind = filetype.guess(head)
    if kind is not None:
        kinds.add(kind.extension)
        if kind.mime == "application/zip" or kind.extension in ("docx", "xlsx"):
            kinds.add("zip")
    if not kinds and _looks_like_text(head):
        kinds.add("text")
    return kinds


def _looks_like_text(head: bytes) -> bool:
    return _text_problem([head]) is None


def _text_problem(chunks) -> str | None:
    """None when the chunks decode as UTF-8 or GB18030 and hold no markup."""
    decoders = {
        encoding: codecs.getincrementaldecoder(encoding)()
        for encoding in ("utf-8", "gb18030")
    }
    tail = b""
    for chunk in chunks:
        if b"\x00" in chunk:
            return "binary"
        window = (tail + chunk).lower()
        if any(marker in window for marker in SCRIPT_MARKERS):
            return "markup"
        tail = window[-_MARKER_OVERLAP:]
        for encoding, decoder in list(decoders.items()):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                del decoders[encoding]
        if not decoders:
            return "encoding"
    return None


def _read_chunks(uploaded):
    uploaded.seek(0)
    while chunk := uploaded.read(CHUNK_BYTES):
        yield chunk


def text_file_problem(uploaded) -> str | None:
    """Scan a whole text file: None when it is clean text, else the reason."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        return _text_problem(_read_chunks(uploaded))
    finally:
        uploaded.seek(position)


def _head(uploaded) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def detected_extension(name: str, head: bytes) -> str | None:
    """The file's extension when its content is of that format, else None."""
    extension = file_extension(name)
    expected = EXPECTED.get(extension) or IMAGE_KINDS.get(extension)
    if expected and sniff_kinds(head) & expected:
        return extension
    return None


def stored_file_headers(name: str, head: bytes) -> dict[str, str]:
    """Content-Type and Content-Disposition for a stored file, by its content.

    Only the file name's extension, confirmed by the content, chooses the type;
    what the uploading browser claimed plays no part. Unknown or mismatching
    content is an opaque download.
    """
    extension = detected_extension(name, head)
    content_type = (
        STORED_TYPES.get(extension, OPAQUE_TYPE) if extension else OPAQUE_TYPE
    )
    headers = {"ContentType": content_type}
    if content_type not in INLINE_TYPES:
        filename = quote(name.rsplit("/", 1)[-1])
        headers["ContentDisposition"] = f"attachment; filename*=UTF-8''{filename}"
    return headers


def stored_file_headers_for(name: str, content) -> dict[str, str]:
    return stored_file_headers(name, _head(content))


def _mismatch(name: str, extension: str) -> ValidationError:
    return ValidationError(
        _(
            "文件“%(name)s”的内容与扩展名不符，"
            "不是有效的 %(extension)s 文件，已拒绝上传。"
        )
        % {"name": name, "extension": extension.upper()},
        code="content_mismatch",
    )


def validate_upload(uploaded, *, max_size: int | None = None) -> None:
    """Raise ValidationError (in Chinese) unless the content fits the extension."""
    name = getattr(uploaded, "name", "") or ""
    extension = file_extension(name)
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
    kinds = sniff_kinds(_head(uploaded))
    if not (kinds & expected):
        raise _mismatch(name, extension)
    if "text" in kinds and text_file_problem(uploaded) is not None:
        raise _mismatch(name, extension)
    if "zip" in kinds and extension in INFLATED_EXTENSIONS:
        validate_archive(uploaded, name=name)


def validate_archive(uploaded, *, name: str) -> None:
    """Refuse a ZIP container that would inflate beyond the extraction limits."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        check_zip_limits(uploaded)
    except ArchiveTooLarge as error:
        raise ValidationError(
            _("文件“%(name)s”解压后过大（%(reason)s），疑似压缩炸弹，已拒绝上传。")
            % {"name": name, "reason": error.reason},
            code="archive_too_large",
        ) from error
    finally:
        uploaded.seek(position)


def validate_image_decodes(check) -> None:
    """Run an image check; a damaged or truncated image becomes a form error."""
    try:
        check()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("图片文件已损坏或不完整，无法读取，请重新导出后上传。"),
            code="image_damaged",
        ) from error
