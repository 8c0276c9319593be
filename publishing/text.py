"""The text of a page as the checks see it: one unit per field and attachment.

Positions in a report are offsets into a unit's plain text. Rich text and
StreamField content is reduced to text here; the same walk finds the internal
links and the documents a page refers to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Page

# Page's own text fields that editors write; the rest (slug, paths) are system data.
PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td"}


@dataclass
class TextUnit:
    name: str
    label: str
    text: str
    kind: str  # "plain", "html", "stream" or "attachment"
    links: list[tuple[str, str]] = field(default_factory=list)


class _TextAndLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        linktype = attributes.get("linktype") or attributes.get("embedtype")
        if linktype and attributes.get("id"):
            self.links.append((linktype, attributes["id"]))
        if tag in BLOCK_TAGS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[tuple[str, str]]]:
    parser = _TextAndLinks()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip("\n"), parser.links


def _stream_strings(data) -> list[str]:
    strings: list[str] = []
    if isinstance(data, str):
        strings.append(data)
    elif isinstance(data, list):
        for item in data:
            strings.extend(_stream_strings(item))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("type", "id"):
                strings.extend(_stream_strings(value))
    return strings


def stream_raw(page, name: str):
    field_ = page._meta.get_field(name)
    return field_.get_prep_value(getattr(page, name))


def _text_fields(page) -> list[models.Field]:
    fields = [page._meta.get_field(name) for name in PAGE_TEXT_FIELDS]
    for field_ in page._meta.concrete_fields:
        if field_.model is Page or field_.name in PAGE_TEXT_FIELDS:
            continue
        if isinstance(field_, (models.CharField, models.TextField, StreamField)):
            fields.append(field_)
    return fields


def page_text_units(page) -> list[TextUnit]:
    units = []
    for field_ in _text_fields(page):
        label = str(field_.verbose_name)
        if isinstance(field_, StreamField):
            pieces, links = [], []
            for string in _stream_strings(stream_raw(page, field_.name)):
                text, found = html_to_text(string) if "<" in string else (string, [])
                pieces.append(text)
                links.extend(found)
            units.append(
                TextUnit(field_.name, label, "\n".join(pieces), "stream", links)
            )
            continue
        value = getattr(page, field_.name) or ""
        if not isinstance(value, str):
            continue
        if "<" in value and ">" in value:
            text, links = html_to_text(value)
            units.append(TextUnit(field_.name, label, text, "html", links))
        else:
            units.append(TextUnit(field_.name, label, value, "plain"))
    return units


def referenced_document_ids(page, units: list[TextUnit]) -> list[int]:
    """Documents linked from text or chosen in a document field, in order."""
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    ids: list[int] = []
    for unit in units:
        for linktype, value in unit.links:
            if linktype == "document" and value.isdigit():
                ids.append(int(value))
    for field_ in page._meta.concrete_fields:
        if (
            isinstance(field_, models.ForeignKey)
            and field_.related_model is document_model
        ):
            value = getattr(page, field_.attname)
            if value:
                ids.append(int(value))
    return list(dict.fromkeys(ids))


def replace_in_page(page, replacements: dict[str, str]) -> bool:
    """Apply ``old -> new`` string replacements to every text field of ``page``.

    Works on the stored form (HTML, StreamField JSON), so markup is kept. Returns
    whether anything changed.
    """
    if not replacements:
        return False
    changed = False
    for field_ in _text_fields(page):
        if isinstance(field_, StreamField):
            raw = json.dumps(stream_raw(page, field_.name), ensure_ascii=False)
            new = _replace_all(raw, replacements)
            if new != raw:
                setattr(page, field_.name, field_.to_python(new))
                changed = True
            continue
        value = getattr(page, field_.name)
        if isinstance(value, str):
            new = _replace_all(value, replacements)
            if new != value:
                setattr(page, field_.name, new)
                changed = True
    return changed


def _replace_all(text: str, replacements: dict[str, str]) -> str:
    for old in sorted(replacements, key=len, reverse=True):
        text = text.replace(old, replacements[old])
    return text
