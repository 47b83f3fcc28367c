"""The one reader of "a sheet of people by ID number" finds a person however their number is written."""

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.peoplesheet import read_people

ID = "11010519491231002X"  # GB 11643's own example
OTHER = "320102198503120012"
ID_15 = "110105491231002"  # the same person's pre-1999 number
ID_FULL_WIDTH = "１１０１０５ １９４９１２３１ ００２ｘ"


def test_a_number_typed_full_width_with_spaces_and_a_small_x_is_the_18_digit_number():
    sheet = read_people([["身份证号"], [ID_FULL_WIDTH]])
    assert sheet.id_numbers() == [ID] and sheet.errors() == []


def test_a_15_digit_number_is_the_18_digit_number():
    assert read_people([["身份证号"], [ID_15]]).id_numbers() == [ID]


def test_the_same_person_written_two_ways_is_a_duplicate():
    sheet = read_people([["身份证号"], [ID], [ID_15]])
    assert sheet.id_numbers() == [ID]
    assert sheet.errors() == ["第 3 行：身份证号与第 2 行重复，同一人只能出现一次。"]


def test_the_header_may_sit_below_a_title_and_use_another_name():
    rows = [["第三届职代会代表名单", None], [None, None], ["选区*", "公民身份号码"], ["一团", OTHER]]
    sheet = read_people(rows, columns={"constituency": ("选区",)}, required=["constituency"])
    assert [(p.row, p.id_number, p.cells) for p in sheet.people] == [(4, OTHER, {"constituency": "一团"})]


def test_bad_numbers_are_reported_on_their_rows_and_blank_rows_skipped():
    rows = [
        ["身份证号", "权数"],
        ["3201021985031200**", "1"],
        [None, None],
        [3.20102198503121e17, "2"],
        ["320102198503120018", None],
        [None, "5"],
    ]
    errors = read_people(rows, columns={"weight": ("权数",)}).errors()
    assert [line.split("：")[0] for line in errors] == ["第 2 行", "第 4 行", "第 5 行", "第 6 行"]
    assert "被遮挡" in errors[0] and "Excel" in errors[1] and "校验位" in errors[2] and "未填写" in errors[3]


def test_without_a_header_column_a_is_the_number_and_a_worded_first_row_is_skipped():
    sheet = read_people(
        [["证件号", "人数"], [OTHER, 120]], columns={"weight": ("权数",)}, header_required=False
    )
    assert [(p.row, p.id_number, p.cells) for p in sheet.people] == [(2, OTHER, {"weight": 120})]


def test_a_required_header_names_the_missing_columns():
    with pytest.raises(DomainError, match="缺少“身份证号、代表团/选区”列"):
        read_people([["姓名", "选区"]], columns={"constituency": ("代表团/选区",)}, required=["constituency"])
    with pytest.raises(DomainError, match="表头缺少“代表团/选区”列"):
        read_people([["身份证号"]], columns={"constituency": ("代表团/选区",)}, required=["constituency"])


def test_problems_past_the_limit_are_counted():
    sheet = read_people([["身份证号"], *([["1"]] * 5)])
    assert sheet.errors(limit=2)[2] == "……另有 3 处错误。"
