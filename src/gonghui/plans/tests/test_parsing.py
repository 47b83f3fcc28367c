"""The plan import reader (plans/parsing.py): items, levels, dates, rhythms, targets and results.

The fixture plans under plans/ are written for these tests in several styles: a company union's plan numbered
一、（一）1.（1）, a town federation's 工作要点 in GB18030 with 20xx placeholders, a school union's plan with ① and
bullets, and a year-end summary in the past tense. The year is always an argument, so no test depends on today.
"""

import io
import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.models import AuditEvent
from gonghui.orgs.tests.factories import org_root
from gonghui.plans.management.commands.import_plan import Command, preview_line
from gonghui.plans.models import Plan, PlanItem, PlanStatus
from gonghui.plans.parsing import (
    REPEATS,
    PlanFileError,
    parse_plan,
    plan_title,
    read_plan,
    read_plan_bytes,
    run,
)
from gonghui.plans.selectors import numbered_items

PLANS = Path(__file__).parent / "plans"
KEYS = {"level", "number", "title", "deadlines", "repeat", "targets"}


def outline(name: str, year: int = 2026) -> list[dict]:
    return run(PLANS / name, year)


def item(items: list[dict], start: str) -> dict:
    (found,) = [i for i in items if i["title"].startswith(start)]
    return found


def figures(entry: dict) -> list[tuple]:
    return [(t["quantity"], t["unit"], t["result"]) for t in entry["targets"]]


# --- items and levels -----------------------------------------------------------------------------------------


def test_company_plan_keeps_four_levels_and_their_numbers_in_document_order():
    items = outline("company.txt")
    assert [(i["level"], i["number"]) for i in items[:7]] == [
        (1, "一、"),
        (2, "（一）"),
        (3, "1."),
        (3, "2."),
        (2, "（二）"),
        (3, "1."),
        (3, "2."),
    ]
    assert [i["number"] for i in items if i["level"] == 4] == ["（1）", "（2）"]
    assert items[0]["title"] == "民主管理与集体协商"
    assert all(set(i) == KEYS for i in items)


def test_levels_follow_the_order_styles_appear_in_not_a_fixed_table():
    # The town plan goes 一、 then 1、: its 1、 items are level 2, not 3.
    items = outline("town.txt")
    assert {(i["level"], i["number"][-1]) for i in items} == {(1, "、"), (2, "、")}
    assert [i["level"] for i in items[:3]] == [1, 2, 2]


def test_circled_numbers_parenthesised_numbers_and_bullets_are_items():
    items = outline("school.txt")
    assert [(i["level"], i["number"]) for i in items if i["title"].startswith(("各年级", "每位"))] == [
        (3, "①"),
        (3, "②"),
    ]
    assert [(i["level"], i["number"]) for i in items if i["title"].startswith("体检")] == [
        (3, "（1）"),
        (3, "（2）"),
    ]
    bullets = [i for i in items if i["number"] == ""]
    assert [b["title"] for b in bullets] == ["每学期召开一次教代会代表座谈。", "校务公开栏每月更新。"]
    assert {b["level"] for b in bullets} == {2}


def test_lines_without_a_marker_continue_the_item_above_and_the_preamble_is_no_item():
    items = parse_plan(
        ["2026年工作计划", "前言一段。", "一、起草集体合同草案，预计在", "2026年5月底前完成。"], 2026
    )
    assert len(items) == 1
    assert items[0]["title"] == "起草集体合同草案，预计在 2026年5月底前完成。"
    assert items[0]["deadlines"] == ["2026-05-31"]


def test_a_number_alone_on_its_line_takes_the_next_line_as_its_title():
    items = parse_plan(["一、", "职工之家建设", "（一）", "（二）", "书屋改造"], 2026)
    assert [(i["level"], i["number"], i["title"]) for i in items] == [
        (1, "一、", "职工之家建设"),
        (2, "（二）", "书屋改造"),
    ]


def test_a_decimal_or_a_year_at_the_start_of_a_line_is_not_a_number():
    items = parse_plan(["一、总体目标", "2026 年度工作安排如下", "3.5 万元用于困难帮扶"], 2026)
    assert len(items) == 1


def test_the_plan_title_is_the_first_line_unless_it_is_an_item():
    assert plan_title(read_plan(PLANS / "company.txt")) == "华腾机械有限公司工会2026年工作计划"
    assert plan_title(["一、开展劳动竞赛"]) == ""


# --- deadlines and rhythms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("5月前完成起草", 2026, ["2026-04-30"]),
        ("20__年8月底前完成协商", 2026, ["2026-08-31"]),
        ("20xx年7月底前签订", 2027, ["2027-07-31"]),
        ("年底前完成", 2026, ["2026-12-31"]),
        ("上半年召开", 2026, ["2026-06-30"]),
        ("下半年召开", 2026, ["2026-12-31"]),
        ("第三季度开展", 2026, ["2026-09-30"]),
        ("10月15日前组织", 2026, ["2026-10-15"]),
        ("5 月份组织学习", 2026, ["2026-05-31"]),
        ("十二月中旬总结", 2026, ["2026-12-20"]),
        ("元旦前后走访", 2026, ["2026-01-01"]),
        ("春节前慰问", 2026, ["2026-02-16"]),  # 春节 2026 is 17 February
        ("春节前慰问", 2027, ["2027-02-05"]),  # and 6 February in 2027
        ("“三八”期间讲座", 2026, ["2026-03-08"]),
        ("五四青年节座谈", 2026, ["2026-05-04"]),
        ("结合教师节开展", 2026, ["2026-09-10"]),
        ("结合世界阅读日开展", 2026, ["2026-04-23"]),
        ("暑假疗休养", 2026, ["2026-08-31"]),
        ("中秋慰问", 2026, ["2026-09-25"]),
        ("重阳节看望退休教工", 2026, ["2026-10-18"]),
        ("加强思想建设", 2026, []),
    ],
)
def test_deadline_phrases_become_dates_in_the_plans_year(text, year, expected):
    (entry,) = parse_plan([f"一、{text}"], year)
    assert entry["deadlines"] == expected


@pytest.mark.parametrize(
    ("text", "repeat", "count", "first"),
    [
        ("每月更新公开栏", "monthly", 12, "2026-01-31"),
        ("每季度召开联席会议", "quarterly", 4, "2026-03-31"),
        ("工会主席例会两周一次", "biweekly", 26, "2026-01-11"),
        ("每两周召开例会", "biweekly", 26, "2026-01-11"),
        ("每月两次走访企业", "twice_monthly", 24, "2026-01-15"),
        ("每年组织体检", "yearly", 1, "2026-12-31"),
        ("两年一次组织全体体检", "biennial", 1, "2026-12-31"),
    ],
)
def test_rhythms_repeat_with_one_deadline_per_occurrence(text, repeat, count, first):
    (entry,) = parse_plan([f"1. {text}"], 2026)
    assert entry["repeat"] == repeat
    assert len(entry["deadlines"]) == count
    assert entry["deadlines"][0] == first
    assert entry["targets"] == []  # the 两/一 of a rhythm is no target


def test_every_repeat_named_is_one_the_plans_app_knows():
    items = outline("company.txt") + outline("town.txt") + outline("school.txt")
    assert {i["repeat"] for i in items} - {""} <= set(REPEATS)
    assert {"monthly", "quarterly", "twice_monthly", "biweekly", "biennial"} <= {i["repeat"] for i in items}


# --- targets and results --------------------------------------------------------------------------------------


def test_a_plan_sets_targets():
    items = outline("company.txt")
    assert figures(item(items, "全年组织技能培训")) == [(6, "期", False), (300, "人次", False)]
    assert figures(item(items, "下半年组织两场")) == [(2, "场", False)]
    assert figures(item(items, "第三季度")) == [(5, "%", False)]
    assert figures(item(items, "元旦前后")) == [(20, "户", False)]
    # "二届三次" names the session; it is no count of meetings.
    assert figures(item(items, "3月底前召开")) == []


def test_a_federation_plan_sets_rates_and_counts_for_the_units_below():
    items = outline("town.txt")
    assert figures(item(items, "各企业工会要")) == [(90, "%", False), (85, "%", False)]
    assert figures(item(items, "上半年新建")) == [(10, "家", False), (500, "名", False)]
    assert figures(item(items, "学习贯彻")) == [(2, "场", False), (120, "人次", False)]


def test_a_summary_in_the_past_tense_reports_results():
    items = outline("summary.txt")
    assert figures(item(items, "全年举办")) == [(4, "期", True), (53, "人次", True)]
    assert figures(item(items, "组织 260 名")) == [(260, "名", True), (3, "人", True)]
    assert figures(item(items, "与厂方")) == [(2, "次", True), (90, "%", True)]


def test_a_summarys_plan_for_next_year_is_still_a_target():
    assert figures(item(outline("summary.txt"), "明年要")) == [(1, "次", False)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["一、集体协商", "1. 集体合同签订率达 90%。"], [(90, "%", False)]),
        (["一、集体协商", "1. 已有 43 家企业签订，签订率达 86%。"], [(43, "家", True), (86, "%", True)]),
        (["一、培训", "1. 组织工会干部培训一次。"], [(1, "次", False)]),
        (
            ["一、培训", "1. 培训工会干部 53 人次，1,400 多名职工参加竞赛。"],
            [(53, "人次", False), (1400, "名", False)],
        ),
        (["2026年工作总结", "一、培训", "1. 培训工会干部 53 人次。"], [(53, "人次", True)]),
        (["一、帮扶", "1. 百分之九十五的困难职工得到帮扶。"], [(95, "%", False)]),
        (
            ["2026年工作总结", "一、评先", "1. 评选出 2 名知识型职工，企业工会要鼓励职工学习。"],
            [(2, "名", True)],
        ),
        (
            ["一、协商", "1. 今年已指导 6 家企业签订，明年要再指导 10 家。"],
            [(6, "家", True), (10, "家", False)],
        ),
    ],
)
def test_the_tense_of_the_clause_then_the_document_tells_a_target_from_a_result(lines, expected):
    assert figures(parse_plan(lines, 2026)[-1]) == expected


def test_existing_unions_are_no_past_tense():
    # 已建会企业 names the enterprises that have a union; the rate is still a target.
    (entry,) = parse_plan(["一、已建会企业集体合同签订率达 95%。"], 2026)
    assert figures(entry) == [(95, "%", False)]


@pytest.mark.parametrize(
    "text",
    ["20__年6月底前完成", "20xx 年 6 月底前完成", "20××年6月底前完成", "二〇二x年6月底前完成", "6月底前完成"],
)
def test_template_placeholders_for_the_year_read_as_the_plans_year(text):
    (entry,) = parse_plan([f"一、学习党的 xx 届全会精神，{text}"], 2031)
    assert entry["deadlines"] == ["2031-06-30"]
    assert entry["targets"] == []  # "xx 届" counts nothing


def test_words_that_only_look_like_counts_are_not_targets():
    (entry,) = parse_plan(
        ["一、贯彻一办法五条例，这是一个重要组成部分，选树一批先进，开展两争一树活动。"], 2026
    )
    assert entry["targets"] == []


# --- files ----------------------------------------------------------------------------------------------------


def test_a_gb18030_text_file_reads_like_utf8():
    assert (PLANS / "town.txt").read_bytes().startswith("青石镇".encode("gb18030"))
    assert outline("town.txt")[0]["title"] == "扎实推进集体协商"


def test_a_docx_plan_reads_paragraphs_word_lists_and_table_rows(tmp_path):
    document = docx.Document()
    document.add_heading("星火电子公司工会2026年工作计划", level=1)
    document.add_paragraph("一、职工之家建设")
    words = document.add_paragraph("（一）第二季度完成").add_run("职工书屋")
    words.add_tab()
    words.add_break()
    words.add_text("改造。")
    document.add_paragraph("每月开放职工书屋。", style="List Bullet")
    document.add_paragraph("二、文体活动")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("1", "下半年举办篮球赛两场", "体育协会"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("2", "教师节慰问", "工会办公室"), strict=True):
        cell.text = text
    path = tmp_path / "计划.docx"
    document.save(path)

    items = run(path, 2026)
    assert plan_title(read_plan(path)) == "星火电子公司工会2026年工作计划"
    assert [(i["level"], i["number"]) for i in items] == [
        (1, "一、"),
        (2, "（一）"),
        (3, ""),
        (1, "二、"),
        (2, "1."),
        (2, "2."),
    ]
    assert items[1]["title"] == "第二季度完成职工书屋 改造。"
    assert items[1]["deadlines"] == ["2026-06-30"]
    assert items[2]["repeat"] == "monthly"
    assert items[4]["title"] == "下半年举办篮球赛两场，体育协会"
    assert figures(items[4]) == [(2, "场", False)]
    assert items[5]["deadlines"] == ["2026-09-10"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "缺失.txt", "无法读取文件"),
        (lambda p: _write(p / "空.txt", b" \n\r\n\t"), "是空的"),
        (lambda p: _write(p / "空.docx", _docx_bytes()), "是空的"),
        (lambda p: _write(p / "图.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "不是 Word 文档"),
        (lambda p: _write(p / "表.xlsx", _zip_bytes({"xl/workbook.xml": "<workbook/>"})), "不是 Word 文档"),
        (lambda p: _write(p / "坏.docx", _broken_docx()), "不是 Word 文档"),
        (
            lambda p: _write(p / "炸弹.docx", _zip_bytes({"word/document.xml": " " * 60 * 2**20})),
            "不是 Word 文档",
        ),
        (lambda p: p, "无法读取文件"),  # a directory
    ],
)
def test_an_unreadable_file_is_refused_with_a_chinese_message(tmp_path, make, message):
    with pytest.raises(PlanFileError) as refused:
        read_plan(make(tmp_path))
    assert message in refused.value.message


def test_a_year_outside_the_supported_range_is_refused():
    with pytest.raises(ValueError):
        parse_plan(["一、工作"], 1999)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), year=st.integers(min_value=2000, max_value=2100))
def test_any_text_parses_into_a_well_formed_outline(text, year):
    try:
        items = parse_plan(read_plan_bytes(text.encode("utf-8")), year)
    except PlanFileError:
        return  # empty or NUL-laden input is refused, never a crash
    for entry in items:
        assert set(entry) == KEYS
        assert 1 <= entry["level"] <= 4
        assert entry["repeat"] in ("", *REPEATS)
        assert all(d.startswith(str(year)) for d in entry["deadlines"])
        assert all(isinstance(t["quantity"], int | float) and t["quantity"] >= 0 for t in entry["targets"])
        json.dumps(entry)


_MARKERS = st.sampled_from(["一、", "（二）", "3.", "4、", "（5）", "⑥", "• ", "", "十二、"])
_PHRASES = st.sampled_from(
    ["5月前", "8月底前", "每月", "两周一次", "已", "签订率达 90%", "53 人次", "春节前", "两场", "20__年"]
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.tuples(_MARKERS, st.lists(_PHRASES | st.text(max_size=8), max_size=5)), max_size=12))
def test_plan_like_text_parses_into_a_well_formed_outline(lines):
    items = parse_plan([marker + "".join(parts) for marker, parts in lines], 2026)
    assert all(1 <= entry["level"] <= 4 for entry in items)
    assert all(entry["deadlines"] == sorted(set(entry["deadlines"])) for entry in items)


_DOCX_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(st.tuples(_MARKERS, _DOCX_TEXT, st.booleans()), max_size=8))
def test_any_docx_parses_or_is_refused_as_empty(paragraphs):
    document = docx.Document()
    for marker, text, bulleted in paragraphs:
        document.add_paragraph(marker + text, style="List Bullet" if bulleted else None)
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        items = parse_plan(read_plan_bytes(buffer.getvalue(), name="随机.docx"), 2026)
    except PlanFileError as refused:
        assert "是空的" in refused.message
        return
    assert all(1 <= entry["level"] <= 4 and entry["title"] for entry in items)


# --- the seed plans: the project's shared folder beside the checkout, or GONGHUI_SEED_DIR (a worktree elsewhere) ---

SEED = Path(
    os.environ.get("GONGHUI_SEED_DIR") or Path(__file__).resolve().parents[4].parent / "shared" / "seed"
)


@pytest.mark.skipif(not SEED.is_dir(), reason="the seed plans are not beside this checkout")
def test_the_seed_plans_parse():
    for path in sorted(SEED.iterdir()):
        items = run(path, 2026)
        assert items, path
        # The seed holds a company plan (dates in 20__年), a town report in the past tense, and a school plan.
        deadlines = {d for i in items for d in i["deadlines"]}
        assert {"2026-04-30", "2026-07-31", "2026-03-08", "2026-04-23", "2026-09-10"} <= deadlines
        results = {(t["quantity"], t["unit"]) for i in items for t in i["targets"] if t["result"]}
        assert {(53, "人次"), (90, "%"), (43, "家")} <= results
        assert any(i["repeat"] == "biweekly" for i in items)


# --- the command ----------------------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _broken_docx() -> bytes:
    """A real .docx whose document.xml is cut short."""
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:200]
    return _zip_bytes(members)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=40_000))
def test_a_truncated_docx_is_refused_never_a_crash(cut):
    data = _docx_bytes()
    try:
        read_plan_bytes(data[:cut], name="截断.docx")
    except PlanFileError as refused:
        assert "不是 Word 文档" in refused.message or "是空的" in refused.message


@pytest.fixture
def node(db):
    return org_root("青石镇总工会", code="QS01")


def test_import_plan_json_prints_the_outline(node, capsys):
    call_command(Command(), str(PLANS / "town.txt"), "--node", "QS01", "--year", "2027", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == outline("town.txt", 2027)
    assert printed[1]["deadlines"] == ["2027-06-30"]


def test_import_plan_without_commit_previews_and_saves_nothing(node, capsys):
    call_command(Command(), str(PLANS / "summary.txt"), "--node", "QS01", "--year", "2026")
    out = capsys.readouterr().out
    assert "《红星纺织厂工会2026年工作总结》共 8 条" in out
    assert "  1. 全年举办班组长培训班 4 期，培训工会干部 53 人次。  〔成果：4期、53人次〕" in out
    assert "尚未保存" in out


def test_preview_line_shows_repeat_deadlines_and_targets():
    entry = parse_plan(["一、每季度召开一次联席会议"], 2026)[0]
    assert preview_line(entry) == (
        "一、每季度召开一次联席会议  〔重复：每季度；截止：2026-03-31、2026-06-30、2026-09-30…；目标：1次〕"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "--node", "QS01", "--year", "2026"], "无法读取文件"),
        ([str(PLANS / "town.txt"), "--node", "NOPE", "--year", "2026"], "没有代码为“NOPE”的组织"),
        ([str(PLANS / "town.txt"), "--node", "QS01", "--year", "1850"], "年度应在"),
        ([str(PLANS / "town.txt"), "--node", "QS01", "--year", "2026", "--user", "nobody"], "没有用户名"),
    ],
)
def test_import_plan_exits_2_on_what_it_cannot_process(node, args, message):
    with pytest.raises(CommandError) as refused:
        call_command(Command(), *args)
    assert refused.value.returncode == 2
    assert message in str(refused.value)


def test_import_plan_commit_saves_a_draft_plan_with_every_item(node, capsys):
    call_command(Command(), str(PLANS / "school.txt"), "--node", "QS01", "--year", "2026", "--commit")

    plan = Plan.objects.get(node=node, year=2026)
    assert plan.title == "阳光实验小学工会工作计划（20__学年）"
    assert plan.status == PlanStatus.DRAFT
    rows = numbered_items(plan)
    assert [(row.item.level, row.item.title) for row in rows] == [
        (entry["level"], entry["title"]) for entry in outline("school.txt")
    ]
    event = AuditEvent.objects.get(action="plan.import")
    assert event.actor is None  # the server's operator, as `import-members` records it
    assert "已保存为计划" in capsys.readouterr().out


def test_import_plan_commit_refused_by_the_service_exits_2_and_adds_nothing(node):
    call_command(Command(), str(PLANS / "school.txt"), "--node", "QS01", "--year", "2026", "--commit")
    items = PlanItem.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command(Command(), str(PLANS / "town.txt"), "--node", "QS01", "--year", "2026", "--commit")
    assert refused.value.returncode == 2
    assert "已有 2026 年度的工作计划" in str(refused.value)
    assert (Plan.objects.count(), PlanItem.objects.count()) == (1, items)


def test_import_plan_json_error_names_the_code(node, tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command(
            Command(), str(_write(tmp_path / "空.txt", b"")), "--node", "QS01", "--year", "2026", "--json"
        )
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unreadable_plan"
