"""How stored files are typed and served; plain data, so settings can import it."""

# The type a file is stored and served with, by extension, once its content has
# been found to match that extension. Anything else is an opaque download.
STORED_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "zip": "application/zip",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "txt": "text/plain",
    "csv": "text/csv",
}
OPAQUE_TYPE = "application/octet-stream"
# Opened in the browser; every other type is sent as a download (attachment),
# so nothing stored can run as a page on the media or site origin.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}
