"""Plain text of attached documents, for the personal-data and word checks.

PDF (pypdf), Word .docx (python-docx) and plain text/CSV are read. Legacy binary
formats (.doc, .wps, .xls, .et) and OFD are not: no pinned, well-kept pure-Python
reader exists for them, so the report says the attachment was not checked.
Extracted text is cached by the file's hash, so a document is read once.

Limits (#14.6): a .docx is refused before inflating when its ZIP directory
promises too much (hardening.archives); PDF and .docx are read in a child
process (publishing/text_readers.py) with a memory cap, killed after
EXTRACTION_TIMEOUT_SECONDS. Refusals and timeouts are cached like text, so a
bomb costs its seconds once. This is the only extraction path: the search
index reads attachments through it too (search.attachments), in its sync task.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from hardening.archives import ArchiveTooLarge, check_zip_limits

logger = logging.getLogger(__name__)

EXTRACTABLE = ("pdf", "docx", "txt", "csv")
CACHE_SECONDS = 7 * 24 * 3600
CHILD = Path(__file__).with_name("text_readers.py")


class ExtractionError(Exception):
    pass


class ExtractionRefused(ExtractionError):
    """The file would inflate or grow beyond the limits: likely a bomb."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ExtractionTimeout(ExtractionError):
    """Reading took longer than allowed; the file may be fine but was not read."""

    def __init__(self, seconds: int):
        super().__init__(f"timeout after {seconds}s")
        self.seconds = seconds


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("undecodable text")


def _in_child(data: bytes, extension: str) -> str:
    from publishing.text_readers import EXIT_MEMORY

    seconds = settings.EXTRACTION_TIMEOUT_SECONDS
    memory_mb = settings.EXTRACTION_MEMORY_MB
    try:
        # Our own interpreter and script; the file only goes to stdin.
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-s", str(CHILD), extension, str(memory_mb), str(seconds)],
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ExtractionTimeout(seconds) from error
    if result.returncode == EXIT_MEMORY or (
        result.returncode != 0 and b"MemoryError" in result.stderr
    ):
        raise ExtractionRefused(_("读取时内存超过 %(mb)d MB") % {"mb": memory_mb})
    if result.returncode < 0:  # killed by the CPU-time limit
        raise ExtractionTimeout(seconds)
    if result.returncode != 0:
        raise ExtractionError(result.stderr.decode("utf-8", "replace"))
    return result.stdout.decode("utf-8", "replace")


def extract_bytes(data: bytes, extension: str) -> str | None:
    """Text of a file's content, None when the format is not extractable.

    Raises ExtractionRefused for bombs, ExtractionTimeout when reading is too
    slow, ExtractionError when the file cannot be read.
    """
    extension = extension.lower()
    if extension not in EXTRACTABLE:
        return None
    if extension in ("txt", "csv"):
        return _plain(data)
    if extension == "docx":
        try:
            check_zip_limits(io.BytesIO(data))
        except ArchiveTooLarge as error:
            raise ExtractionRefused(error.reason) from error
    return _in_child(data, extension)


def extract_document_text(document) -> str | None:
    extension = (document.file_extension or "").lower()
    if extension not in EXTRACTABLE:
        return None
    key = f"publishing:doctext:{document.file_hash or document.pk}:{extension}"
    if document.file_hash and (cached := cache.get(key)) is not None:
        return _from_cache(cached)
    with document.open_file() as handle:
        data = handle.read()
    try:
        text = extract_bytes(data, extension)
    except ExtractionRefused as error:
        _remember(document, key, ("refused", error.reason))
        raise
    except ExtractionTimeout as error:
        _remember(document, key, ("timeout", error.seconds))
        raise
    _remember(document, key, text)
    return text


def _remember(document, key, value) -> None:
    if document.file_hash:
        cache.set(key, value, CACHE_SECONDS)


def _from_cache(value):
    if isinstance(value, tuple | list):
        kind, detail = value
        if kind == "refused":
            raise ExtractionRefused(detail)
        raise ExtractionTimeout(detail)
    return value
