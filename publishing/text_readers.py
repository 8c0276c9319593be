"""Text readers for attachments, run in a child process with hard limits.

Kept free of Django so ``publishing.extraction`` can run this file as a short
child process: ``python text_readers.py EXTENSION MEMORY_MB < file > text``.
The child limits its own address space and CPU time before reading anything;
the parent kills it after a timeout. A crafted PDF or Word file can then cost
at most those limits, never a web worker's memory or minutes of its time.
"""

from __future__ import annotations

import io
import resource
import sys

EXIT_FAILED = 2
EXIT_MEMORY = 3


def read_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def read_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


READERS = {"pdf": read_pdf, "docx": read_docx}


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main(argv: list[str]) -> int:
    extension, memory_mb, cpu_seconds = argv[1], int(argv[2]), int(argv[3])
    _limit(memory_mb, cpu_seconds)
    data = sys.stdin.buffer.read()
    try:
        text = READERS[extension](data)
    except MemoryError:
        return EXIT_MEMORY
    except Exception as error:  # noqa: BLE001 - reported to the parent as text
        sys.stderr.write(f"{type(error).__name__}: {error}"[:500])
        return EXIT_FAILED
    sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
