"""Word documents in Chinese (python-docx): the styles the app's .docx files share, and Chinese numbering.

Chinese text takes the East Asian font slot of a style (rFonts w:eastAsia); without it Word falls back to a
Latin font for the Chinese characters."""

import io
from typing import Final

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

DOCX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT, HEADING_FONT = "宋体", "黑体"
STYLES = (("Normal", BODY_FONT, 12), ("Title", HEADING_FONT, 20), ("Heading 2", HEADING_FONT, 14))
CHINESE_NUMERALS = "零一二三四五六七八九"


def new_document() -> Document:
    document = Document()
    for style_name, font, size in STYLES:
        style = document.styles[style_name]
        style.font.name = font
        style.font.size = Pt(size)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
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
