"""The fast path of the importer: new documents written in batches.

``core.bulk_publish`` writes the rows the page API would (tree, revision,
audit log, reference index); see there why. The importer validates every
document before adding it to a batch, and retries a batch that still fails
one document at a time on the page API.
"""

from __future__ import annotations

from core.bulk_publish import publish_new_children
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage


def write_batch(
    *, column: DisclosureColumnPage, pages: list[DisclosureDocumentPage], user=None
) -> None:
    """Insert validated, unsaved document pages as live children of ``column``."""
    publish_new_children(
        parent=column,
        pages=pages,
        user=user,
        log_data=lambda page: {"imported": True, "source_id": page.source_id},
    )
