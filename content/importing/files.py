"""Images and attachments a migration package names, stored as Wagtail's own.

A path goes through ``core.package_files`` (inside the package, no symbolic
link) and the content checks of an admin upload; an image must also decode
with Pillow. The storage is not rolled back with a failed record's rows, so
every stored file is remembered and ``discard()`` deletes them again. In a
dry run files are checked and nothing is stored.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from core.importfiles import LineError
from core.package_files import checked_local_path, read_local_file
from hardening.uploads import file_extension, validate_image_decodes, validate_upload

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}


class PackageFiles:
    """Reads files of a package directory and stores them for one record."""

    def __init__(self, base_dir: Path | None, *, user=None, dry_run: bool = False):
        self.base_dir = base_dir
        self.user = user
        self.dry_run = dry_run
        # (storage, name, row) of each file stored since the last keep/take.
        self.stored: list[tuple[object, str, object]] = []

    def read(self, location: str) -> ContentFile:
        """The checked content; raises LineError or ValidationError."""
        path = checked_local_path(location, base_dir=self.base_dir)
        upload = ContentFile(read_local_file(path, location=location), name=path.name)
        validate_upload(upload)  # the same content and size checks as the admin's
        return upload

    def image(self, location: str, *, title: str):
        """A stored Wagtail image, or None in a dry run."""
        if file_extension(location) not in IMAGE_EXTENSIONS:
            raise LineError(
                _("图片“%(name)s”的格式不受支持，只能是 JPG、PNG、GIF 或 WebP。")
                % {"name": Path(location).name}
            )
        upload = self.read(location)
        validate_image_decodes(lambda: _decode(upload))
        if self.dry_run:
            return None
        # The same file imported again (a re-run) is the same image.
        known = get_image_model().objects.filter(file_hash=_hash(upload)).first()
        if known is not None:
            return known
        image = get_image_model()(
            title=title[:255], uploaded_by_user=self.user, collection=_root()
        )
        image.file.save(upload.name, upload, save=False)
        image._set_image_file_metadata()
        image.save()
        self.stored.append((image.file.storage, image.file.name, image))
        return image

    def document(self, location: str, *, title: str):
        """A stored Wagtail document, or None in a dry run."""
        upload = self.read(location)
        if self.dry_run:
            return None
        known = get_document_model().objects.filter(file_hash=_hash(upload)).first()
        if known is not None:
            return known
        document = get_document_model()(
            title=(title or Path(upload.name).stem)[:255],
            uploaded_by_user=self.user,
            collection=_root(),
        )
        document.file.save(upload.name, upload, save=False)
        document._set_document_file_metadata()
        document.save()
        self.stored.append((document.file.storage, document.file.name, document))
        return document

    def keep(self) -> None:
        self.stored = []

    def take(self) -> list:
        """The files stored since the last ``keep``, now the caller's to keep
        or ``remove`` (the bulk path, whose rows outlive the record)."""
        stored, self.stored = self.stored, []
        return stored

    def discard(self, *, rows: bool = False) -> None:
        """Delete the files stored since the last ``keep``; with ``rows``, their
        image and document rows too (else a rollback has removed them)."""
        self.remove(self.stored, rows=rows)
        self.stored = []

    def remove(self, stored: list, *, rows: bool = True) -> None:
        for storage, name, row in stored:
            if rows and row.pk is not None:
                type(row).objects.filter(pk=row.pk).delete()
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - best effort, the row is gone
                logger.warning("Could not delete orphaned import file %s", name)


def _hash(upload: ContentFile) -> str:
    upload.seek(0)
    try:
        return hash_filelike(upload)
    finally:
        upload.seek(0)


def _decode(upload: ContentFile) -> None:
    from PIL import Image as PillowImage

    upload.seek(0)
    try:
        with PillowImage.open(io.BytesIO(upload.read())) as picture:
            picture.verify()
    except PillowImage.DecompressionBombError as error:
        raise ValidationError(_("图片像素过多，已拒绝导入。")) from error
    finally:
        upload.seek(0)


def _root():
    root = Collection.get_first_root_node()
    if root is None:
        # Wagtail's migration creates it; a database flush (tests) removes it.
        root = Collection.add_root(name="Root")
    return root
