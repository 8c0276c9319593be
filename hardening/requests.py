"""Which request parameters are refused before anything reads them (#14.4)."""

from __future__ import annotations

# Tab, line feed and carriage return are typed into text areas; every other C0
# control, DEL and the C1 controls are never legitimate in a form or a query
# (PostgreSQL refuses NUL outright, which answered 500).
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_CONTROLS = frozenset(
    chr(code)
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in _ALLOWED_CONTROLS
)


def has_control_character(value: str) -> bool:
    return not _CONTROLS.isdisjoint(value)


def _lists(data) -> bool:
    for key, values in data.lists():
        if has_control_character(key):
            return True
        for value in values:
            if isinstance(value, str) and has_control_character(value):
                return True
    return False


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def request_has_control_characters(request) -> bool:
    """In the path, the query string or a posted form's fields (never in the
    uploaded files: their content is checked by ``hardening.uploads``)."""
    if has_control_character(request.path) or _lists(request.GET):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        try:
            post = request.POST
        except OSError:
            # An interrupted upload: left to the view, as CsrfViewMiddleware does.
            return False
        return _lists(post)
    return False
