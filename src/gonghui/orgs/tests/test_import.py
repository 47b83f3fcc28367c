"""The roster import pipeline: messy real-world files, every problem reported by row and column, all or nothing."""

import datetime
import io
import random
import zipfile

import pytest
from django.utils import timezone

from gonghui.core.audit import AuditEvent
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.spreadsheets import read_rows
from gonghui.orgs.export import roster_template_xlsx, roster_xlsx
from gonghui.orgs.importing import pipeline, roster_import
from gonghui.orgs.models import Education, Member, MemberStatus, OrgKind, PoliticalStatus
from gonghui.orgs.selectors import member_list

from .factories import MemberFactory, make_id_number, org_child
from .test_import_files import HEADER, XLS_ROSTER, csv_bytes, person, rows_of, xlsx


def _run(tree, data: bytes, *, commit: bool = True, filename: str = "名册.xlsx", actor=None, union=None):
    return roster_import(
        actor=actor or tree.chair_a, union=union or tree.union_a, data=data, filename=filename, commit=commit
    )


def _errors(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def _member(id_number: str) -> Member:
    return Member.objects.get(id_number=id_number)


# --- The happy path -------------------------------------------------------------------------------------


def test_imports_new_members_deriving_sex_birth_date_and_search_keys_from_the_id(tree):
    people = [person(1, enterprise="甲机械厂"), person(2, 姓名="单田芳")]

    report = _run(tree, xlsx(rows_of(people)))

    assert (report.rows, report.new, report.updated, report.unchanged, report.errors) == (2, 2, 0, 0, [])
    assert report.committed
    first, second = _member(people[0]["身份证号"]), _member(people[1]["身份证号"])
    assert first.union == tree.union_a and first.enterprise == tree.ent_a
    assert first.sex == "M" and first.birth_date.isoformat() == people[0]["出生日期"]
    assert first.joined_on == datetime.date(2020, 5, 1) and first.status == MemberStatus.ACTIVE
    assert (first.id_tail, first.phone_tail) == (people[0]["身份证号"][-4:], people[0]["手机号"][-4:])
    assert first.created_at == first.updated_at and timezone.now() - first.created_at < datetime.timedelta(
        minutes=1
    )
    assert second.initials == "stf"  # the surname reading, not dān
    assert second in member_list(user=tree.chair_a, node=tree.union_a, search="stf")


def test_the_commit_is_logged_once_with_the_counts(tree):
    _run(tree, xlsx(rows_of([person(n) for n in range(1, 6)])))

    events = AuditEvent.objects.filter(action="member.import")
    assert events.count() == 1
    assert events.get().changes == {
        "filename": "名册.xlsx",
        "rows": 5,
        "new": 5,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
    }
    assert events.get().actor == tree.chair_a


def test_validation_alone_predicts_the_counts_and_writes_nothing(tree):
    before = Member.objects.count()

    report = _run(tree, xlsx(rows_of([person(1), person(2)])), commit=False)

    assert (report.new, report.committed) == (2, False)
    assert Member.objects.count() == before
    assert not AuditEvent.objects.filter(action="member.import").exists()


# --- Messy spreadsheets ---------------------------------------------------------------------------------


def test_reads_title_rows_above_the_header_and_merged_title_cells(tree):
    def title(workbook, sheet):
        sheet.merge_range("A1:G1", "甲机械厂工会会员花名册（2025年）")
        sheet.merge_range("A2:C2", "填报单位：甲机械厂工会")
        sheet.write("F2", "填报日期：2025-03-01")

    report = _run(tree, xlsx(rows_of([person(1)]), start_row=3, extra=title))

    assert (report.new, report.errors) == (1, [])
    assert _errors(report) == []


def test_an_employer_merged_over_its_peoples_rows_applies_to_each_of_them(tree):
    people = [person(n) for n in (1, 2, 3)]
    employer = HEADER.index("工作单位")

    def merge(workbook, sheet):
        sheet.merge_range(1, employer, 3, employer, "甲机械厂")

    report = _run(tree, xlsx(rows_of(people), extra=merge))

    assert (report.new, report.errors) == (3, [])
    assert {_member(p["身份证号"]).enterprise for p in people} == {tree.ent_a}


def test_reads_a_two_row_header_whose_single_columns_are_merged_down(tree):
    p = person(1)
    header = ["姓名", "身份证号", None, None, "入会日期"]
    rows = [
        header,
        [None, None, "手机号", "工作单位", None],
        [p["姓名"], p["身份证号"], p["手机号"], "甲机械厂", "2020-05-01"],
    ]

    def group(workbook, sheet):
        for column in (0, 1, 4):
            sheet.merge_range(0, column, 1, column, header[column])
        sheet.merge_range(0, 2, 0, 3, "联系信息")

    report = _run(tree, xlsx(rows, extra=group))

    assert (report.new, report.errors) == (1, [])
    member = _member(p["身份证号"])
    assert (member.phone, member.enterprise) == (p["手机号"], tree.ent_a)


def test_accepts_header_aliases_and_reports_unknown_columns(tree):
    header = ["序号", "名字", "公民身份号码 ", "联系电话", "所在单位", "备注", "身份证号码(必填)"]
    p = person(1)
    rows = [header, [1, p["姓名"], p["身份证号"], p["手机号"], "甲机械厂", "老会员", "ignored"]]

    report = _run(tree, xlsx(rows))

    member = _member(p["身份证号"])
    assert (member.name, member.phone, member.enterprise) == (p["姓名"], p["手机号"], tree.ent_a)
    assert report.unknown_columns == [
        "序号",
        "备注",
        "身份证号码(必填)",
    ]  # the second ID column is not guessed at


def test_a_column_without_a_header_is_reported_only_when_it_holds_data(tree):
    rows = [[*HEADER, None, None], [*rows_of([person(1)])[1], None, "漏填的列名"]]

    report = _run(tree, xlsx(rows), commit=False)

    assert report.unknown_columns == ["I列（无表头）"]


def test_skips_blank_rows_and_counts_only_rows_with_data(tree):
    rows = rows_of([person(1)]) + [["", "  ", None]] + rows_of([person(2)])[1:] + [[None] * 7] * 3

    report = _run(tree, csv_bytes(rows), filename="名册.csv")

    assert (report.rows, report.new, report.errors) == (2, 2, [])


def test_cleans_full_width_characters_stray_spaces_and_a_lowercase_x(tree):
    id_number = "11010519491231002X"
    fullwidth = id_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    row = {
        "姓名": " 王　小丫 ",
        "身份证号": f" {fullwidth[:6]} {fullwidth[6:-1]}x\u200b",
        "手机号": "１３８ ００１３ ８０００",
        "工作单位": " 甲机械厂 ",
        "性别": " 女 ",
    }

    report = _run(tree, xlsx(rows_of([row])))

    assert report.errors == []
    member = _member(id_number)
    assert (member.name, member.phone, member.enterprise, member.sex) == (
        "王小丫",
        "13800138000",
        tree.ent_a,
        "F",
    )


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1985, 3, 12),
        31118.0,
        "1985-03-12",
        "1985/3/12",
        "1985.03.12",
        "1985年3月12日",
        "19850312",
        19850312,
    ],
)
def test_reads_dates_as_excel_dates_or_as_text(tree, value):
    id_number = make_id_number(datetime.date(1985, 3, 12), 7)
    rows = [["姓名", "身份证号", "出生日期", "入会日期"], ["李雷", id_number, value, value]]

    report = _run(tree, xlsx(rows))

    assert report.errors == []
    assert _member(id_number).joined_on == datetime.date(1985, 3, 12)


def test_reads_legacy_xls(tree):
    report = _run(tree, XLS_ROSTER, filename="名册.xls")

    assert report.errors == []
    member = _member("11010519491231002X")
    assert (member.name, member.phone, member.joined_on) == (
        "王小丫",
        "13800138000",
        datetime.date(2019, 6, 1),
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_reads_csv_in_utf8_or_gbk(tree, encoding):
    people = [person(1, enterprise="甲机械厂", 姓名="欧阳娜娜")]

    report = _run(tree, csv_bytes(rows_of(people), encoding), filename="名册.csv")

    assert report.errors == []
    assert _member(people[0]["身份证号"]).name == "欧阳娜娜"


def test_maps_the_labels_the_export_writes_the_codes_and_common_synonyms(tree):
    header = ["姓名", "身份证号", "学历", "政治面貌", "用工形式", "会籍状态"]
    rows = [
        header,
        ["甲", make_id_number(datetime.date(1990, 1, 1), 1), "本科", "中共党员", "劳务派遣", "在会"],
        ["乙", make_id_number(datetime.date(1990, 1, 1), 2), "MASTER", "群众", "regular", "退休"],
        ["丙", make_id_number(datetime.date(1990, 1, 1), 3), "大专 ", "团员", "", ""],
    ]

    report = _run(tree, xlsx(rows))

    assert report.errors == []
    got = [
        (m.education, m.political_status, m.employment_form, m.status)
        for m in Member.objects.filter(name__in=["甲", "乙", "丙"]).order_by("id_number")
    ]
    assert got == [
        (Education.BACHELOR, PoliticalStatus.CPC, "dispatched", "active"),
        (Education.MASTER, PoliticalStatus.MASSES, "regular", "retired"),
        (Education.COLLEGE, PoliticalStatus.LEAGUE, "regular", "active"),
    ]


# --- Refused cells: each one a row error with a fix -----------------------------------------------------


def test_refuses_an_id_number_that_excel_stored_as_a_number(tree):
    rows = [["姓名", "身份证号码"], ["张三", 110105194912310021]]  # a number cell: Excel keeps 15 digits

    report = _run(tree, xlsx(rows))

    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (2, "身份证号码")
    assert "文本" in error.message
    assert not report.committed


def test_refuses_a_wrong_check_digit_and_asks_for_a_full_recheck(tree):
    good = make_id_number(datetime.date(1988, 8, 8), 3)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")

    report = _run(tree, xlsx(rows_of([person(1, 身份证号=bad)])))

    assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]
    assert "校验位" in report.errors[0].message and "逐位核对" in report.errors[0].message


def test_refuses_duplicates_within_the_file_naming_the_first_row(tree):
    twin = person(1)

    report = _run(tree, xlsx(rows_of([twin, person(2), {**twin, "姓名": "另一人"}])))

    assert _errors(report) == [(4, "身份证号", "身份证号与第 2 行重复，同一人只能出现一次。")]
    assert not Member.objects.filter(id_number=twin["身份证号"]).exists()


def test_a_member_of_another_union_is_a_transfer_case_and_is_never_moved(tree):
    other = tree.members_b[0]

    moved = person(2, 身份证号=other.id_number, 姓名=other.name, 出生日期="", 性别="")

    report = _run(tree, xlsx(rows_of([person(1), moved])))

    assert [(c.row, c.name, c.union) for c in report.transfer_cases] == [(3, other.name, "乙电子公司工会")]
    assert "*" in report.transfer_cases[0].id_number
    assert _errors(report) == [
        (
            3,
            "身份证号",
            "此人已是“乙电子公司工会”的会员，不能重复登记：请联系该工会办理会员关系接转，"
            "或从文件中删去此行。",
        )
    ]
    other.refresh_from_db()
    assert other.union == tree.union_b
    assert Member.objects.filter(union=tree.union_a).count() == 4  # the valid row was not written either


def test_birth_date_or_sex_that_contradicts_the_id_is_refused(tree):
    report = _run(tree, xlsx(rows_of([person(1, 出生日期="1999-09-09"), person(2, 性别="女")])))

    assert [(e.row, e.column) for e in report.errors] == [(2, "出生日期"), (3, "性别")]
    assert "身份证号显示为" in report.errors[0].message


def test_an_unknown_enterprise_or_one_of_another_union_is_a_row_error(tree):
    report = _run(
        tree, xlsx(rows_of([person(1, enterprise="不存在公司"), person(2, enterprise="乙电子公司")]))
    )

    assert [(e.row, e.column) for e in report.errors] == [(2, "工作单位"), (3, "工作单位")]
    assert "先在“企业”中登记" in report.errors[0].message


def test_the_import_places_people_in_a_branch_or_team_by_name_or_code(tree):
    header = [*HEADER, "分会/班组"]
    people = [
        person(1, **{"分会/班组": "一车间分会"}),
        person(2, **{"分会/班组": tree.team_a.code}),
        person(3),
    ]

    report = _run(tree, xlsx(rows_of(people, header)))

    assert report.ok
    units = [_member(p["身份证号"]).unit for p in people]
    assert units == [tree.branch_a, tree.team_a, None]


def test_a_unit_of_another_union_is_a_row_error_naming_the_person_and_the_value(tree):
    other = org_child(tree.union_b, "乙分会", kind=OrgKind.BRANCH)
    header = [*HEADER, "分会/班组"]

    report = _run(tree, xlsx(rows_of([person(1, **{"分会/班组": other.name})], header)), commit=False)

    [error] = report.errors
    assert (error.row, error.name, error.column, error.value) == (2, "职工1", "分会/班组", "乙分会")
    assert "没有名称或代码为“乙分会”的分会或班组" in error.message


def test_every_bad_cell_of_a_row_is_reported_at_once(tree):
    row = person(1, 姓名="", 手机号="12345", 入会日期="去年", 性别="未知")

    report = _run(tree, xlsx(rows_of([row])))

    assert [e.column for e in report.errors] == ["姓名", "性别", "手机号", "入会日期"]


def test_refuses_ids_from_a_masked_export_with_a_hint(tree):
    report = _run(tree, xlsx(rows_of([person(1, 身份证号="3201**********0012")])))

    assert "完整" in report.errors[0].message


def test_a_spreadsheet_cannot_set_the_transferred_status(tree):
    report = _run(tree, xlsx([["姓名", "身份证号", "会籍状态"], ["赵六", person(1)["身份证号"], "转出"]]))

    assert [(e.row, e.column) for e in report.errors] == [(2, "会籍状态")]


@pytest.mark.parametrize("cell", ["张\x00三", "张" * 51])
def test_nul_characters_and_overlong_cells_are_row_errors(tree, cell):
    report = _run(tree, xlsx(rows_of([person(1, 姓名=cell)])))

    assert [(e.row, e.column) for e in report.errors] == [(2, "姓名")]
    assert "\x00" not in report.errors[0].message
    assert len(report.errors[0].message) < 100
    assert not Member.objects.filter(name__startswith="张张").exists()


def test_a_huge_cell_is_not_echoed_back_into_the_report(tree):
    report = _run(tree, csv_bytes(rows_of([person(1, 手机号="1" * 100_000)])), filename="名册.csv")

    assert len(report.errors[0].message) < 100


# --- Whole-file problems --------------------------------------------------------------------------------


def _refusal(tree, data: bytes, filename: str = "名册.xlsx") -> DomainError:
    with pytest.raises(DomainError) as caught:
        _run(tree, data, filename=filename)
    return caught.value


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (random.Random(7).randbytes(5000), "名册.xlsx", "corrupt"),
        (b"PK\x03\x04" + random.Random(8).randbytes(5000), "名册.xlsx", "corrupt"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "照片.png", "unsupported"),
        (b"", "名册.csv", "empty"),
    ],
)
def test_a_corrupt_or_non_spreadsheet_file_is_refused_with_a_message(tree, data, filename, code):
    refusal = _refusal(tree, data, filename)

    assert refusal.code == code
    assert refusal.message


def test_a_file_without_a_recognisable_header_is_refused(tree):
    assert _refusal(tree, xlsx([["编号", "内容"], [1, "张三"]])).code == "no_header"


def test_a_file_without_the_id_column_is_refused_naming_it(tree):
    refusal = _refusal(tree, xlsx([["姓名", "手机号"], ["张三", "13800138000"]]))

    assert refusal.code == "missing_columns"
    assert "身份证号" in refusal.message


def test_refuses_an_oversized_file(tree):
    refusal = _refusal(tree, b"x" * (20 * 1024 * 1024 + 1), "名册.csv")

    assert refusal.code == "too_large"
    assert "20 MB" in refusal.message


def test_refuses_more_rows_than_the_limit(tree, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ROWS", 10)

    refusal = _refusal(tree, csv_bytes(rows_of([person(n) for n in range(20)])), "名册.csv")

    assert refusal.code == "too_many_rows"
    assert "10" in refusal.message


def test_refuses_a_zip_bomb_from_its_declared_sizes(tree):
    """X1: 250 MB of zeros deflate to ~250 KB; the archive directory gives it away before any parsing."""
    original = zipfile.ZipFile(io.BytesIO(xlsx(rows_of([person(1)]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in original.namelist():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, original.read(name))
        sheet = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        sheet.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(sheet, "w") as stream:
            for _ in range(250):
                stream.write(bytes(1024 * 1024))

    refusal = _refusal(tree, buffer.getvalue())

    assert len(buffer.getvalue()) < 1024 * 1024
    assert refusal.code == "zip_bomb"


def test_refuses_xml_entity_attacks(tree):
    """X2: a billion-laughs DTD with an external entity in the shared strings."""
    data = xlsx(rows_of([person(1)]))
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as hostile:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/sharedStrings.xml":
                content = content.replace(
                    b"?>",
                    b'?><!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">'
                    b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                    1,
                )
                content = content.replace("职工1".encode(), b"&b;&xxe;")
            hostile.writestr(name, content)

    assert _refusal(tree, buffer.getvalue()).code == "unsafe_xml"
    assert not Member.objects.filter(name__contains="lol").exists()


# --- Permission ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["cadre_a", "auditor_a", "chair_b", "member_user"])
def test_only_a_roster_keeper_of_the_union_may_import(tree, who):
    with pytest.raises(PermissionDenied):
        _run(tree, xlsx(rows_of([person(1)])), actor=getattr(tree, who))
    assert not Member.objects.filter(id_number=person(1)["身份证号"]).exists()


def test_a_federation_is_not_a_roster(tree):
    with pytest.raises(DomainError) as caught:
        _run(tree, xlsx(rows_of([person(1)])), actor=tree.superuser, union=tree.town_a)
    assert caught.value.code == "not_a_union"


# --- All or nothing, idempotent, round trip -------------------------------------------------------------


def _wrong_check_digit(id_number: str) -> str:
    return id_number[:-1] + ("1" if id_number[-1] == "0" else "0")


def test_thousand_mixed_errors_are_all_reported_with_row_and_column_and_nothing_is_written(tree):
    """X4: 1,000 broken rows after 100 valid ones, in a GBK-encoded CSV: each broken row is reported with its
    row and column, and not even the valid rows are written."""
    valid = [person(n) for n in range(1, 101)]
    in_other_union = tree.members_b[0].id_number
    damages = [
        ("身份证号", lambda n, p: {"身份证号": _wrong_check_digit(p["身份证号"])}),
        (
            "身份证号",
            lambda n, p: {"身份证号": "3.20102198503E+17"},
        ),  # Excel's CSV of an ID stored as a number
        ("身份证号", lambda n, p: {"身份证号": valid[n % 100]["身份证号"]}),  # duplicate within the file
        ("身份证号", lambda n, p: {"身份证号": in_other_union}),  # already in the database, another union
        ("姓名", lambda n, p: {"姓名": "王\x00五"}),
        ("部门", lambda n, p: {"部门": "车间" * 60}),
        ("入会日期", lambda n, p: {"入会日期": "2020-02-30"}),
        ("手机号", lambda n, p: {"手机号": "电话未知"}),
    ]
    broken = []
    for n in range(1000):
        change = damages[n % len(damages)][1]
        original = person(101 + n)
        broken.append(original | change(n, original))
    rows = rows_of(valid + broken, ["姓名", "身份证号", "手机号", "入会日期", "部门"])
    expected = {
        (102 + n, damages[n % len(damages)][0]) for n in range(1000)
    }  # header row 1, valid rows 2-101
    before = Member.objects.count()

    report = _run(tree, csv_bytes(rows, "gbk"), filename="名册.csv")

    assert {(e.row, e.column) for e in report.errors} == expected
    assert len(report.errors) == 1000
    assert all(e.message for e in report.errors)
    assert (report.rows, report.committed) == (1100, False)
    assert Member.objects.count() == before


def test_one_bad_row_among_many_means_nothing_is_written(tree):
    people = [person(n) for n in range(1, 50)] + [person(50, 身份证号="123")]

    report = _run(tree, xlsx(rows_of(people)))

    assert len(report.errors) == 1
    assert not Member.objects.filter(id_number__in=[p["身份证号"] for p in people]).exists()


def test_a_person_registered_while_the_file_was_checked_makes_the_import_write_nothing(tree, monkeypatch):
    """The database's unique ID number is the last guard: a race ends in a clear conflict, not half a roster."""
    taken = tree.members_a[1]
    monkeypatch.setattr(pipeline, "_existing", lambda numbers, lock: {})  # the lookup missed the new row
    people = [person(1), person(2, 身份证号=taken.id_number, 出生日期="", 性别="")]

    with pytest.raises(Conflict) as caught:
        _run(tree, xlsx(rows_of(people)))

    assert caught.value.code == "concurrent_change"
    assert not Member.objects.filter(id_number=people[0]["身份证号"]).exists()
    assert not AuditEvent.objects.filter(action="member.import").exists()


def test_reimporting_the_same_file_changes_nothing(tree):
    data = xlsx(rows_of([person(n, enterprise="甲机械厂") for n in range(1, 21)]))
    _run(tree, data)
    stamps = dict(Member.objects.values_list("pk", "updated_at"))

    report = _run(tree, data)

    assert (report.new, report.updated, report.unchanged) == (0, 0, 20)
    assert dict(Member.objects.values_list("pk", "updated_at")) == stamps


def test_an_edited_file_updates_only_what_changed(tree):
    people = [person(n) for n in range(1, 11)]
    _run(tree, xlsx(rows_of(people)))
    stamps = dict(Member.objects.values_list("id_number", "updated_at"))
    people[3] = {**people[3], "手机号": "13700000000", "姓名": "改名了"}
    people[7] = {**people[7], "工作单位": "甲机械厂"}

    report = _run(tree, xlsx(rows_of(people + [person(11)])))

    assert (report.new, report.updated, report.unchanged) == (1, 2, 8)
    renamed = _member(people[3]["身份证号"])
    assert (renamed.name, renamed.initials, renamed.phone, renamed.phone_tail) == (
        "改名了",
        "gml",
        "13700000000",
        "0000",
    )
    assert _member(people[7]["身份证号"]).enterprise == tree.ent_a
    untouched = [p["身份证号"] for i, p in enumerate(people) if i not in (3, 7)]
    assert all(_member(n).updated_at == stamps[n] for n in untouched)


def test_columns_missing_from_the_file_and_blank_required_choices_leave_data_alone(tree):
    member = MemberFactory(
        union=tree.union_a, status=MemberStatus.RETIRED, employment_form="dispatched", department="一车间"
    )
    rows = [["姓名", "身份证号", "会籍状态", "用工形式"], [member.name, member.id_number, "", ""]]

    report = _run(tree, xlsx(rows))

    assert report.unchanged == 1
    member.refresh_from_db()
    assert (member.status, member.employment_form, member.department) == ("retired", "dispatched", "一车间")


def test_export_then_import_round_trips_without_change(tree):
    MemberFactory(
        union=tree.union_a,
        name='=HYPERLINK("http://x")',
        enterprise=tree.ent_a,
        sex="F",
        education="bachelor",
        political_status="cpc",
        ethnicity="回族",
        department="-质检部",
        post="@焊工",
        employment_form="dispatched",
        status="retired",
        phone="",
    )
    MemberFactory(union=tree.union_a, joined_on=None, education="", political_status="")
    members = member_list(user=tree.chair_a, node=tree.union_a)
    snapshot = list(members.order_by("pk").values())
    exported, count = roster_xlsx(members, full=True)

    report = _run(tree, exported, filename="导出.xlsx")

    assert report.errors == []
    assert (report.rows, report.unchanged, report.new, report.updated) == (count, count, 0, 0)
    assert list(members.order_by("pk").values()) == snapshot


def test_the_template_explains_each_column_and_its_sample_row_imports_no_one(tree):
    template = roster_template_xlsx()
    header, sample = read_rows(template, "template.xlsx")[:2]
    assert "出生日期（格式如 2020-05-01，可不填，以身份证号为准）" in header
    assert any("本科" in str(cell) and "硕士研究生" in str(cell) for cell in header)
    assert sample[0].startswith("【示例】")

    report = _run(tree, template)

    assert report.ok and report.rows == 0 and report.unknown_columns == []
