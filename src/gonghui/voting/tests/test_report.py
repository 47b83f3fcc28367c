"""The tally report (.docx) the tellers sign: what it says, and what it must not say."""

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from docx import Document

from gonghui.core.tests.pdf import A4_POINTS, docx_to_pdf, needs_soffice, page_sizes
from gonghui.voting import services
from gonghui.voting.tests.factories import shares_of

from .test_views import ELECTION, certify, client_for, make_poll, vote_all

pytestmark = pytest.mark.django_db


def _report(client, poll):
    response = client.get(reverse("poll_report", args=[poll.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    return Document(io.BytesIO(response.content))


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_report_has_title_numbers_table_result_and_signature_lines(tree):
    poll = make_poll(tree, min_group_size=2)
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll, attendance=4)
    document = _report(client_for(tree.chair_a), poll)
    text = _text(document)
    assert document.paragraphs[0].text == "第三届职代会表决计票报告"
    summary = dict(map(tuple, _table_rows(document.tables[0])))
    assert (summary["应到人数"], summary["实到人数"], summary["收回选票"]) == ("4", "4", "4")
    assert _table_rows(document.tables[1]) == [
        ["选项", "票数", "占比"],
        ["赞成", "4", "100.0%"],
        ["反对", "0", "0.0%"],
        ["弃权", "0", "0.0%"],
    ]
    assert "结果：通过。" in text
    assert text.count("计票人/监票人：") == 2 and "签名：____________" in text
    assert poll.fingerprint in text and "已经计票人确认" in text


def test_report_names_the_elected(tree):
    poll = make_poll(
        tree, policy="plurality", kind="other", questions=[ELECTION], min_group_size=2, min_share=0
    )
    vote_all(tree, poll, {1: ["王芳", "李强"]})
    certify(tree, poll)
    text = _text(_report(client_for(tree.staff_a), poll))
    assert "当选：王芳、李强。" in text


def test_report_below_minimum_group_size_has_no_numbers(tree):
    poll = make_poll(tree)  # five needed, four electors
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll)
    document = _report(client_for(tree.chair_a), poll)
    assert len(document.tables) == 1  # the summary only, no per-choice table
    assert "按规定不公布各选项票数" in _text(document)


def test_report_of_a_closed_poll_says_it_awaits_confirmation(tree):
    poll = make_poll(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    assert "尚待计票人确认" in _text(_report(client_for(tree.staff_a), poll))


def test_report_is_dated_by_the_count_and_issued_by_the_union(tree, time_machine):
    """A March session's report says March, whenever it is downloaded; the union, not the library, issued it."""
    time_machine.move_to(datetime(2026, 3, 20, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    poll = make_poll(tree, min_group_size=2)
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll, attendance=4)
    time_machine.move_to(datetime(2026, 12, 3, 14, 13, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    document = _report(client_for(tree.chair_a), poll)
    assert document.paragraphs[-1].text == "计票于 2026-03-20 15:30"
    assert "2026-12-03" not in _text(document)
    properties = document.core_properties
    assert properties.author == poll.node.name and properties.created == datetime(
        2026, 3, 20, 7, 30, tzinfo=UTC
    )
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


@needs_soffice
def test_report_opens_in_libreoffice_as_a4_pages(tree, tmp_path):
    poll = make_poll(tree, min_group_size=2)
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll, attendance=4)
    response = client_for(tree.chair_a).get(reverse("poll_report", args=[poll.pk]))
    assert page_sizes(docx_to_pdf(response.content, tmp_path)) == {A4_POINTS}
