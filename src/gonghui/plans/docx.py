"""The plan as a Word document in the layout of official papers (GB/T 9704-2012, core.documents): the title
centred, the issuing union and the date below it, the items under their numbers — level 1 in 黑体, level 2 in
楷体, the rest in the body font, as official documents set 一、（一）1.（1） — each with its owner, deadlines and
targets in words."""

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.core.documents import HEADING_FONT, document_bytes, new_document

from .models import Plan
from .selectors import numbered_items

LEVEL_FONTS = {1: HEADING_FONT, 2: "楷体"}


def _font(run, name: str) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _details(item) -> str:
    parts = []
    if item.owner_name:
        parts.append(_("责任：%(owner)s") % {"owner": item.owner_name})
    dates = [f"{m.due.month}月{m.due.day}日" for m in item.milestones.all()]
    if dates:
        parts.append(_("时限：%(dates)s前") % {"dates": "、".join(dates)})
    if item.repeat:
        parts.append(item.get_repeat_display())
    targets = [f"{t.quantity.normalize():f}{t.unit}" for t in item.targets.all() if not t.result]
    if targets:
        parts.append(_("目标：%(targets)s") % {"targets": "、".join(targets)})
    return f"（{'；'.join(parts)}）" if parts else ""


def plan_docx(plan: Plan) -> bytes:
    document = new_document(author=plan.node.name, title=plan.title)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(plan.title)
    run.bold = True
    run.font.size = Pt(22)
    _font(run, HEADING_FONT)
    issued = document.add_paragraph()
    issued.alignment = WD_ALIGN_PARAGRAPH.CENTER
    day = plan.adopted_on or timezone.localdate()
    issued.add_run(f"{plan.node.name}　{day.year}年{day.month}月{day.day}日")
    for row in numbered_items(plan):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24)
        run = paragraph.add_run(f"{row.number}{row.item.title}")
        if row.item.level in LEVEL_FONTS:
            _font(run, LEVEL_FONTS[row.item.level])
        if details := _details(row.item):
            paragraph.add_run(details)
    return document_bytes(document)


def summary_docx(plan: Plan) -> bytes:
    """The year-end summary (summary.summary_lines) with the plan's numbering: each item and what was done."""
    from .summary import summary_lines

    title_text = _("%(node)s%(year)s年工作总结") % {"node": plan.node.name, "year": plan.year}
    document = new_document(author=plan.node.name, title=title_text)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(title_text)
    run.bold = True
    run.font.size = Pt(22)
    _font(run, HEADING_FONT)
    for line in summary_lines(plan):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24)
        run = paragraph.add_run(f"{line.number}{line.title}")
        if line.level in LEVEL_FONTS:
            _font(run, LEVEL_FONTS[line.level])
        if line.sentence:
            paragraph.add_run(_("：") + line.sentence)
    return document_bytes(document)
