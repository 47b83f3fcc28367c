"""Word documents in Chinese (python-docx): the page, styles and properties the app's .docx files share, and
Chinese numbering.

The page follows the national standard for official documents, GB/T 9704-2012 《党政机关公文格式》: A4, margins
37 mm top, 35 mm bottom, 28 mm left, 26 mm right (python-docx's template is US Letter). Headings are black and
upright, as in official papers (the template's headings are blue). Chinese text takes the East Asian font slot of
a style (rFonts w:eastAsia); without it Word falls back to a Latin font for the Chinese characters."""

import io
from datetime import UTC, datetime
from typing import Final

from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT, HEADING_FONT = "宋体", "黑体"
STYLES = (
    ("Normal", BODY_FONT, 12),
    ("Title", HEADING_FONT, 20),
    ("Heading 1", HEADING_FONT, 16),
    ("Heading 2", HEADING_FONT, 14),
)
A4 = (Mm(210), Mm(297))
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
BLACK = RGBColor(0, 0, 0)
CHINESE_NUMERALS = "零一二三四五六七八九"


def new_document(*, author: str, title: str, created: datetime | None = None) -> Document:
    """An empty A4 document whose properties name the organisation that issues it (`author`, never the
    library) and the moment its content is from (`created`: a tally's count, not the download)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4
    for name, value in MARGINS.items():
        setattr(section, name, value)
    for style_name, font, size in STYLES:
        style = document.styles[style_name]
        style.font.name = font
        style.font.size = Pt(size)
        style.font.color.rgb = BLACK
        style.font.italic = False
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    properties = document.core_properties
    moment = (created or timezone.now()).astimezone(UTC)  # python-docx writes the value as UTC
    properties.author = properties.last_modified_by = author
    properties.title = title
    properties.created = properties.modified = moment
    properties.revision = 1
    properties.comments = properties.keywords = properties.subject = ""
    return document


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99: enough for chapters, articles, items)."""
    tens, units = divmod(n, 10)
    if n < 10:
        return CHINESE_NUMERALS[n]
    return (CHINESE_NUMERALS[tens] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[units] if units else "")
