"""The tally report (计票报告) as .docx: what the tellers sign and the meeting files.

Built from the same PollResult the result page shows, so the report can never show what the page hides:
no per-choice numbers below the minimum group size, and nothing at all while a poll is open (the selector
refuses).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gonghui.core.documents import chinese_number, document_bytes, new_document

from .forms import choices_of
from .selectors import poll_policy_label


def tally_report_docx(poll, result, tellers) -> bytes:
    title = _("%(title)s计票报告") % {"title": poll.title}
    document = new_document(author=poll.node.name, title=title, created=poll.closed_at)
    _title(document, poll)
    _summary(document, poll, result)
    for index, question_result in enumerate(result.questions):
        _question(document, index, question_result, result.weighted, poll.min_group_size)
    _closing(document, poll, result, tellers)
    return document_bytes(document)


def _title(document, poll) -> None:
    heading = document.add_paragraph(_("%(title)s计票报告") % {"title": poll.title}, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(poll.node.name)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _summary(document, poll, result) -> None:
    rows = [
        (_("表决类型"), poll.get_kind_display()),
        (_("投票方式"), _("无记名投票") if poll.secret else _("记名投票")),
        (_("通过规则"), poll_policy_label(poll)),
        (_("投票时间"), f"{_local(poll.opened_at)} — {_local(poll.closed_at)}"),
        (_("应到人数"), str(result.electorate_size)),
        (_("实到人数"), str(result.attendance)),
        (_("收回选票"), str(result.ballots)),
    ]
    if result.weighted:
        rows.append((_("应到权数 / 所投权数"), f"{result.electorate_weight} / {result.weight}"))
    table = document.add_table(rows=0, cols=2, style="Table Grid")
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _question(document, index: int, question_result, weighted: bool, min_group_size: int) -> None:
    question = question_result.question
    number = chinese_number(index + 1)
    document.add_paragraph(f"{number}、{question.text}", style="Heading 2")
    counts = question_result.counts
    if counts is None:
        document.add_paragraph(_("选票少于 %(k)s 张，按规定不公布各选项票数。") % {"k": min_group_size})
    else:
        total = sum(counts.values())
        table = document.add_table(rows=1, cols=3, style="Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0].cells
        header[0].text = _("选项")
        header[1].text = _("权数") if weighted else _("票数")
        header[2].text = _("占比")
        labels = dict(choices_of(question))
        for key, count in counts.items():
            cells = table.add_row().cells
            cells[0].text = labels.get(key, key)
            cells[1].text = str(count)
            cells[2].text = f"{100 * count / total:.1f}%" if total else "—"
    document.add_paragraph(_outcome(question_result))


def _outcome(question_result) -> str:
    if question_result.passed is True:
        verdict = _("结果：通过。")
    elif question_result.passed is False:
        verdict = _("结果：未通过。")
    elif question_result.elected:
        verdict = _("当选：%(names)s。") % {"names": "、".join(question_result.elected)}
    else:
        verdict = ""
    return f"{verdict}{question_result.reason}"


def _closing(document, poll, result, tellers) -> None:
    document.add_paragraph()
    document.add_paragraph(_("选票指纹（SHA-256）：%(f)s") % {"f": poll.fingerprint or "—"})
    status = _("计票结果已经计票人确认。") if result.certified else _("计票结果尚待计票人确认。")
    document.add_paragraph(status)
    document.add_paragraph()
    for teller in tellers:
        name = teller.user.get_full_name() or teller.user.get_username()
        confirmed = _local(teller.confirmed_at) if teller.confirmed_at else ""
        document.add_paragraph(
            _("计票人/监票人：%(name)s    签名：____________    日期：%(date)s")
            % {"name": name, "date": confirmed or "____________"}
        )
    document.add_paragraph(_("大会主持人签名：____________    日期：____________"))
    # The count's own time, not the download's: a March session's report is dated in March.
    footer = document.add_paragraph(_("计票于 %(at)s") % {"at": _local(poll.closed_at)})
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
