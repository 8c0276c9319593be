"""S3 storage that stores each object with the type the server detected (#14.3).

django-storages would store the uploading browser's Content-Type (a text file
posted as text/html would be served as a web page from the media origin). Here
the type and the download disposition come from ``stored_file_headers``, the
same rules the local document serve view follows.
"""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from hardening.uploads import stored_file_headers_for


class SafeS3Storage(S3Storage):
    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        # mimetypes may have guessed an encoding (.gz); the type below is final.
        params.pop("ContentEncoding", None)
        params.pop("ContentDisposition", None)
        if content is not None:
            params.update(stored_file_headers_for(name, content))
        else:
            params.update(stored_file_headers_for(name, _Empty()))
        return params


class _Empty:
    def tell(self):
        return 0

    def seek(self, position):
        return position

    def read(self, size=-1):
        return b""
