"""The agreement and its filing form (集体合同审查/备案登记表) as Word documents (python-docx).

The text is the latest draft: one chapter per content area, numbered articles (one per paragraph) counted
through the whole contract, as collective contracts are laid out; a signature block for both chiefs. The
employer's side is named as what it is (企业方, 学校方, 单位方), and the union issues the files.
"""

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.core.documents import chinese_number, document_bytes, new_document
from gonghui.orgs.jurisdiction import org_rule

from .models import Agreement, Side, employer_party


def _centered(document, text: str, size: int, bold: bool = True):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def _chiefs(agreement: Agreement) -> dict[str, str]:
    chiefs = agreement.negotiators.filter(is_chief=True, left_on__isnull=True)
    return {n.side: n.name for n in chiefs}


def _employer_name(agreement: Agreement) -> str:
    """A regional agreement names the employers' organisation; an enterprise's, the enterprise itself."""
    return agreement.employer_name or "、".join(c.enterprise.name for c in agreement.coverage.all())


def agreement_docx(agreement: Agreement) -> bytes:
    document = new_document(author=agreement.node.name, title=agreement.title)
    _centered(document, agreement.title, 18)
    parties = document.add_paragraph()
    parties.add_run(_("甲方（职工方）：")).bold = True
    parties.add_run(agreement.node.name)
    parties = document.add_paragraph()
    parties.add_run(_("乙方（%(party)s）：") % {"party": employer_party(agreement)}).bold = True
    parties.add_run(_employer_name(agreement))
    if agreement.starts_on and agreement.ends_on:
        document.add_paragraph(
            _("合同期限：%(start)s 至 %(end)s") % {"start": agreement.starts_on, "end": agreement.ends_on}
        )
    draft = agreement.drafts.order_by("-number").first()
    article = 0
    for chapter, clause in enumerate(draft.clauses.all() if draft else [], start=1):
        _centered(
            document,
            _("第%(n)s章 %(title)s") % {"n": chinese_number(chapter), "title": clause.get_area_display()},
            14,
        )
        for text in (line.strip() for line in clause.text.splitlines()):
            if not text:
                continue
            article += 1
            paragraph = document.add_paragraph()
            paragraph.add_run(_("第%(n)s条 ") % {"n": chinese_number(article)}).bold = True
            paragraph.add_run(text)
    document.add_paragraph()
    chiefs = _chiefs(agreement)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = _("甲方首席代表（签字）：%(name)s") % {"name": chiefs.get(Side.WORKERS, "")}
    table.cell(0, 1).text = _("乙方首席代表（签字）：%(name)s") % {"name": chiefs.get(Side.EMPLOYER, "")}
    table.cell(1, 0).text = _("甲方（盖章）：%(name)s") % {"name": agreement.node.name}
    table.cell(1, 1).text = _("乙方（盖章）：%(name)s") % {"name": _employer_name(agreement)}
    signed = str(agreement.signed_on) if agreement.signed_on else _("    年  月  日")
    table.cell(2, 0).text = _("签字日期：%(date)s") % {"date": signed}
    table.cell(2, 1).text = _("签字日期：%(date)s") % {"date": signed}
    return document_bytes(document)


def _copies(agreement: Agreement) -> str:
    """How many copies of the text go with the filing: 3 (规定 第四十二条), 5 in Zhejiang (第三十四条)."""
    try:
        rule = org_rule(agreement.node, "agreement.filing_copies", agreement.signed_on)
    except LookupError:
        return ""
    return _("%(n)s份（%(cite)s）") % {"n": int(rule.value), "cite": rule.cite}


def filing_form_docx(agreement: Agreement) -> bytes:
    """集体合同审查（备案）登记表: the facts the labour administration asks for, in a two-column table. Only a
    signed contract has one (the view refuses before)."""
    title = _("集体合同审查（备案）登记表")
    document = new_document(author=agreement.node.name, title=f"{agreement.title}{title}")
    _centered(document, title, 16)
    party = employer_party(agreement)
    chiefs = _chiefs(agreement)
    coverage = list(agreement.coverage.select_related("enterprise"))
    review = agreement.steps.filter(kind="review_passed").order_by("-on").first()
    rows = [
        (_("合同名称"), agreement.title),
        (_("合同种类"), agreement.kind.name),
        (_("合同层级"), agreement.get_level_display()),
        (_("职工方（工会）"), agreement.node.name),
        (party, _employer_name(agreement)),
        (_("覆盖企业"), "、".join(c.enterprise.name for c in coverage)),
        (_("覆盖职工人数"), str(agreement.covered_workers)),
        (_("其中女职工"), str(agreement.women_covered)),
        (_("职工方首席代表"), chiefs.get(Side.WORKERS, "")),
        (_("%(party)s首席代表") % {"party": party}, chiefs.get(Side.EMPLOYER, "")),
        (
            _("协商代表人数（每方）"),
            str(agreement.negotiators.filter(side=Side.WORKERS, left_on__isnull=True).count()),
        ),
        (_("职代会/职工大会审议情况"), review.note if review else ""),
        (_("签字日期"), str(agreement.signed_on or "")),
        (_("合同期限"), f"{agreement.starts_on or ''} — {agreement.ends_on or ''}"),
        (_("工资增长幅度（%）"), str(agreement.wage_increase_pct or "")),
        (_("企业最低工资（元/月）"), str(agreement.minimum_wage or "")),
        (_("报送日期"), str(agreement.filed_on or "")),
        (_("报送文本份数"), _copies(agreement)),
        (_("审查机关"), agreement.filing_authority),
        (_("审查意见"), ""),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = value
    document.add_paragraph()
    document.add_paragraph(
        _("报送单位（盖章）：                    经办人：            日期：    年  月  日")
    )
    return document_bytes(document)
