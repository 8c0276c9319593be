"""Read an import record's attachment: a file beside the import file, or a URL.

Paths are checked by ``core.package_files`` (inside the import's directory, no
symbolic links). URLs go through ``remote.fetch_url``. Both then get the
content checks of an admin upload (``hardening.uploads.validate_upload``).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.importfiles import LineError
from core.package_files import checked_local_path, read_local_file
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
        try:
            path = checked_local_path(location, base_dir=base_dir)
        except LineError as error:
            raise RecordError(str(error)) from error
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
        try:
            content = read_local_file(path, location=location)
        except LineError as error:
            raise RecordError(str(error)) from error
    upload = ContentFile(content, name=filename)
    validate_upload(upload)  # the same content and size checks as the admin's
    return upload
