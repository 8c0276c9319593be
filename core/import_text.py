"""Body text of imported records: untrusted HTML or plain text to the
rich-text format of the platform's editors."""

from __future__ import annotations

from django.utils.html import escape


def text_to_html(text: str) -> str:
    """Plain text to rich-text paragraphs, one per non-blank line."""
    lines = (line.strip().replace("\u3000", "") for line in text.splitlines())
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)


def sanitise_html(html: str) -> str:
    # Imported HTML is untrusted: keep only what the rich-text editor allows.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter().to_database_format(html)
