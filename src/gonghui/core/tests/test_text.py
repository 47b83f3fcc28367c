from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text import DateParseError, clean_cell, has_nul, parse_date, remove_whitespace, to_halfwidth

ascii_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E))
plausible_dates = st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31))


def date_error_for(value: object) -> DateParseError:
    with pytest.raises(DateParseError) as excinfo:
        parse_date(value)
    return excinfo.value


def test_to_halfwidth_converts_fullwidth_digits_letters_punctuation_and_space() -> None:
    assert to_halfwidth("ＡＢｃ１２３（）　－") == "ABc123() -"


def test_to_halfwidth_leaves_chinese_text_and_cjk_punctuation_alone() -> None:
    assert to_halfwidth("买买提·艾力、工会。《章程》") == "买买提·艾力、工会。《章程》"


@given(ascii_text)
def test_to_halfwidth_undoes_fullwidth_typing(value: str) -> None:
    fullwidth = "".join(chr(ord(char) + 0xFEE0) for char in value)
    assert to_halfwidth(fullwidth) == value
    assert to_halfwidth(value) == value


def test_remove_whitespace_removes_inner_and_invisible_spaces() -> None:
    assert remove_whitespace(" 3201\u3000 0219\xa0\u200b85\ufeff\t") == "3201021985"


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        (None, ""),
        ("", ""),
        ("\u3000张三\xa0", "张三"),
        ("\u200b\ufeff李四 \n", "李四"),
        ("  南京市 玄武区  ", "南京市 玄武区"),
        ("ＡＢＣ１２３", "ABC123"),
        (13812345678.0, "13812345678"),
        (210000, "210000"),
        (12.5, "12.5"),
    ],
)
def test_clean_cell_trims_and_converts_to_halfwidth(value: object, cleaned: str) -> None:
    assert clean_cell(value) == cleaned


def test_clean_cell_keeps_the_float_text_of_numbers_excel_has_already_rounded() -> None:
    assert clean_cell(320102198503120012.0) == "3.2010219850312e+17"


def test_has_nul_spots_nul_characters() -> None:
    assert has_nul("张\x00三")
    assert not has_nul("张三")


@pytest.mark.parametrize(
    "value",
    [
        "1985-03-12",
        "1985-3-12",
        "1985/3/12",
        "1985.03.12",
        "1985年3月12日",
        "1985年03月12号",
        "1985年3月12",
        "19850312",
        "１９８５－０３－１２",
        " 1985-03-12\u3000",
        "1985-03-12 00:00:00",
        "1985-03-12T08:30",
        31118,
        31118.75,
        19850312,
        date(1985, 3, 12),
        datetime(1985, 3, 12, 23, 59),
    ],
)
def test_parse_date_reads_common_notations(value: object) -> None:
    assert parse_date(value) == date(1985, 3, 12)


@given(plausible_dates, st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]))
def test_parse_date_round_trips_formatted_dates(value: date, pattern: str) -> None:
    assert parse_date(value.strftime(pattern)) == value


@given(plausible_dates)
def test_parse_date_round_trips_excel_serial_numbers(value: date) -> None:
    serial = (value - date(1899, 12, 30)).days
    assert parse_date(serial) == value
    assert parse_date(float(serial)) == value


@pytest.mark.parametrize(
    "value", ["1985-3", "1985年3月", "1985", "85-3-12", "1985-03/12", "三月十二日", "31118"]
)
def test_parse_date_rejects_partial_or_unrecognised_text(value: str) -> None:
    error = date_error_for(value)
    assert error.code == "format"
    assert "1985-03-12" in str(error.message)
    assert f"“{value}”" in str(error.message)


@pytest.mark.parametrize("value", ["1985-02-30", "1985年13月1日", "19850230"])
def test_parse_date_rejects_dates_that_do_not_exist(value: str) -> None:
    assert date_error_for(value).code == "nonexistent"


@pytest.mark.parametrize("value", [None, "", " \u3000"])
def test_parse_date_rejects_empty_cells(value: object) -> None:
    assert date_error_for(value).code == "empty"


@pytest.mark.parametrize("value", [0, -5, 60, 2_958_466, float("nan"), float("inf"), True])
def test_parse_date_rejects_numbers_outside_excel_dates(value: object) -> None:
    assert date_error_for(value).code == "format"


def test_parse_date_ignores_time_of_day_in_serials() -> None:
    assert parse_date(31118 + 0.999) == parse_date(31118)
    assert parse_date(31119) == date(1985, 3, 12) + timedelta(days=1)
