"""A letter as a DOCX or PDF file, from its frozen text.

Layout after GB/T 9704-2012 in spirit: A4, title centred, the registration
number under it, the addressee, indented body paragraphs, the organ's name and
the issue date at the end. Chinese text needs a CJK font: DOCX names East
Asian fonts (``w:eastAsia``) that Word and WPS have; the PDF embeds the
TrueType font from the Debian package fonts-wqy-zenhei (``make fonts``).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext

from applications.models import Letter
from applications.selectors.letter_templates import chinese_date

DEFAULT_PDF_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
PDF_FONT_NAME = "LetterCJK"

# DOCX font names: body in 仿宋, title in 宋体 (Word substitutes a similar
# face where one is missing); Latin text in Times New Roman.
DOCX_BODY_FONT = "仿宋"
DOCX_TITLE_FONT = "宋体"
DOCX_LATIN_FONT = "Times New Roman"


class LetterFontMissing(ImproperlyConfigured):
    pass


def _paragraphs(letter: Letter) -> tuple[str | None, list[str]]:
    """(addressee line or None, body paragraphs) of the frozen text."""
    lines = [line.strip() for line in letter.body.splitlines() if line.strip()]
    if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 60:
        return lines[0], lines[1:]
    return None, lines


def _signature(letter: Letter) -> tuple[str, str]:
    return (
        letter.application.organization.name,
        chinese_date(timezone.localdate(letter.issued_at)),
    )


def _number_line(letter: Letter) -> str:
    # The letter is an official Chinese document whatever the staff's UI language.
    return f"登记编号：{letter.application.registration_number}"


def docx_bytes(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def east_asian(font_holder, name: str) -> None:
        # python-docx sets only the Latin name; CJK text reads w:eastAsia.
        rpr = font_holder.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    normal = document.styles["Normal"]
    normal.font.name = DOCX_LATIN_FONT
    normal.font.size = Pt(16)
    east_asian(normal.element, DOCX_BODY_FONT)

    def paragraph(text, *, align=None, indent=False, size=None, bold=False, font=None):
        par = document.add_paragraph()
        par.paragraph_format.line_spacing = Pt(28)
        if align is not None:
            par.alignment = align
        if indent:
            par.paragraph_format.first_line_indent = Pt(32)
        run = par.add_run(text)
        run.font.name = DOCX_LATIN_FONT
        east_asian(run._element, font or DOCX_BODY_FONT)
        if size:
            run.font.size = Pt(size)
        run.bold = bold
        return par

    paragraph(
        letter.title,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=22,
        bold=True,
        font=DOCX_TITLE_FONT,
    )
    paragraph(_number_line(letter), align=WD_ALIGN_PARAGRAPH.CENTER)
    addressee, body = _paragraphs(letter)
    if addressee:
        paragraph(addressee)
    for text in body:
        paragraph(text, indent=True)
    document.add_paragraph()
    for text in _signature(letter):
        paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT)

    # Page number "— N —" centred in the footer (a PAGE field Word fills in).
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number_run = OxmlElement("w:r")
    number_text = OxmlElement("w:t")
    number_text.text = "1"
    number_run.append(number_text)
    field.append(number_run)
    footer._p.append(field)
    footer.add_run(" —")

    core = document.core_properties
    core.title = letter.title
    core.author = letter.application.organization.name
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_font() -> str:
    """Register the configured CJK TrueType font once; its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = Path(getattr(settings, "APPLICATIONS_LETTER_FONT", DEFAULT_PDF_FONT))
    name = f"{PDF_FONT_NAME}-{abs(hash(str(path)))}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not path.is_file():
        raise LetterFontMissing(
            gettext(
                "找不到生成PDF告知书所需的中文字体文件%(path)s。请运行“make fonts”"
                "安装fonts-wqy-zenhei，或用设置APPLICATIONS_LETTER_FONT指定字体。"
            )
            % {"path": path}
        )
    # A TrueType collection: the first face is the proportional WenQuanYi Zen Hei.
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def pdf_bytes(letter: Letter) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _pdf_font()
    body_style = ParagraphStyle(
        "letter-body",
        fontName=font,
        fontSize=16,
        leading=28,
        wordWrap="CJK",  # break between any two CJK characters
    )
    indented = ParagraphStyle("letter-indented", parent=body_style, firstLineIndent=32)
    title_style = ParagraphStyle(
        "letter-title", parent=body_style, fontSize=22, leading=36, alignment=TA_CENTER
    )
    centred = ParagraphStyle("letter-centred", parent=body_style, alignment=TA_CENTER)
    right = ParagraphStyle("letter-right", parent=body_style, alignment=TA_RIGHT)

    addressee, body = _paragraphs(letter)
    flow = [
        Paragraph(escape(letter.title), title_style),
        Paragraph(escape(_number_line(letter)), centred),
        Spacer(1, 8 * mm),
    ]
    if addressee:
        flow.append(Paragraph(escape(addressee), body_style))
    flow += [Paragraph(escape(text), indented) for text in body]
    flow.append(Spacer(1, 12 * mm))
    flow += [Paragraph(escape(text), right) for text in _signature(letter)]

    def page_number(canvas, document):
        # GB/T 9704 page numbers: "— 1 —" centred under the text block.
        canvas.saveState()
        canvas.setFont(font, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {document.page} —")
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=letter.title,
        author=letter.application.organization.name,
    ).build(flow, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
