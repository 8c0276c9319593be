"""Plain text of attached documents, for the personal-data and word checks.

PDF (pypdf), Word .docx (python-docx) and plain text/CSV are read. Legacy binary
formats (.doc, .wps, .xls, .et) and OFD are not: no pinned, well-kept pure-Python
reader exists for them, so the report says the attachment was not checked.
Extracted text is cached by the file's hash, so a document is read once.
"""

from __future__ import annotations

import io
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

EXTRACTABLE = ("pdf", "docx", "txt", "csv")
CACHE_SECONDS = 7 * 24 * 3600


class ExtractionError(Exception):
    pass


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("undecodable text")


READERS = {"pdf": _pdf, "docx": _docx, "txt": _plain, "csv": _plain}


def extract_bytes(data: bytes, extension: str) -> str | None:
    """Text of a file's content, None when the format is not extractable."""
    reader = READERS.get(extension.lower())
    if reader is None:
        return None
    try:
        return reader(data)
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError(str(error)) from error


def extract_document_text(document) -> str | None:
    extension = (document.file_extension or "").lower()
    if extension not in READERS:
        return None
    key = f"publishing:doctext:{document.file_hash or document.pk}:{extension}"
    if document.file_hash and (cached := cache.get(key)) is not None:
        return cached
    with document.open_file() as handle:
        data = handle.read()
    text = extract_bytes(data, extension)
    if document.file_hash:
        cache.set(key, text, CACHE_SECONDS)
    return text
