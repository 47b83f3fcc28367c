from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from gonghui.core.idnumber import IdInfo, IdNumberError, mask_id_number, mask_phone, parse_id_number

# The province list as the specification states it: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81-83, 91.
PROVINCES = [
    str(code)
    for code in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
    )
    + (71, 81, 82, 83, 91)
]


def iso7064_check_char(body17: str) -> str:
    """ISO 7064 MOD 11-2 in its iterative form, written independently of the module's weighted sum."""
    remainder = 0
    for digit in body17:
        remainder = (remainder + int(digit)) * 2 % 11
    check = (12 - remainder) % 11
    return "X" if check == 10 else str(check)


@st.composite
def valid_ids(draw: st.DrawFn, max_birth: date | None = None) -> str:
    region = draw(st.sampled_from(PROVINCES)) + draw(st.text("0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=max_birth or timezone.localdate()))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    body17 = region + birth.strftime("%Y%m%d") + sequence
    return body17 + iso7064_check_char(body17)


def error_for(raw: str) -> IdNumberError:
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(raw)
    return excinfo.value


@given(valid_ids())
def test_accepts_valid_numbers_and_reads_birth_date_sex_and_region(number: str) -> None:
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date.strftime("%Y%m%d") == number[6:14]
    assert info.sex == ("M" if int(number[16]) % 2 else "F")
    assert info.region_code == number[:6]


@given(valid_ids())
def test_parsing_the_canonical_number_again_gives_the_same_result(number: str) -> None:
    info = parse_id_number(number)
    assert parse_id_number(info.number) == info


@given(valid_ids())
def test_accepts_spaced_fullwidth_and_lowercase_input(number: str) -> None:
    fullwidth = "".join(chr(ord(char) + 0xFEE0) for char in number.lower())
    spaced = f"\u3000{number[:6]} {number[6:14]}\xa0{number[14:].lower()}\u200b"
    assert parse_id_number(fullwidth).number == number
    assert parse_id_number(spaced).number == number


@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_rejects_any_single_character_substitution(number: str, position: int, replacement: str) -> None:
    mistyped = number[:position] + replacement + number[position + 1 :]
    assume(mistyped != number)
    with pytest.raises(IdNumberError):
        parse_id_number(mistyped)


@given(valid_ids(), st.integers(0, 16))
def test_rejects_swapped_neighbouring_characters(number: str, position: int) -> None:
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assume(swapped != number)
    with pytest.raises(IdNumberError):
        parse_id_number(swapped)


@pytest.mark.parametrize(
    ("old", "upgraded"),
    [
        ("110105491231002", "11010519491231002X"),
        ("340524800101001", "34052419800101001X"),
        ("130503670401001", "130503196704010016"),
    ],
)
def test_upgrades_15_digit_numbers_to_18_digits(old: str, upgraded: str) -> None:
    assert parse_id_number(old).number == upgraded


@given(valid_ids(max_birth=date(1999, 12, 31)))
def test_upgraded_15_digit_number_equals_the_18_digit_one(number: str) -> None:
    old = number[:6] + number[8:17]
    assert parse_id_number(old) == parse_id_number(number)


def test_reads_the_example_from_the_standard() -> None:
    assert parse_id_number("11010519491231002X") == IdInfo(
        number="11010519491231002X", birth_date=date(1949, 12, 31), sex="F", region_code="110105"
    )


def test_reads_a_real_looking_male_number() -> None:
    info = parse_id_number("360426199101010071")
    assert (info.birth_date, info.sex, info.region_code) == (date(1991, 1, 1), "M", "360426")


def test_errors_are_value_errors_with_a_message() -> None:
    with pytest.raises(ValueError, match="校验位"):
        parse_id_number("110105194912310021")


def test_rejects_wrong_check_digit_and_names_the_expected_one() -> None:
    error = error_for("110105194912310021")
    assert error.code == "check_digit"
    assert "最后一位应为 X" in str(error.message)


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002X1", "1234"])
def test_rejects_wrong_length_and_reports_it(raw: str) -> None:
    error = error_for(raw)
    assert error.code == "length"
    assert f"当前为{len(raw)}位" in str(error.message)


@pytest.mark.parametrize(("raw", "shown"), [("11010519491231002Y", "Y"), ("110105-19491231-002X", "-")])
def test_rejects_other_characters_and_shows_them(raw: str, shown: str) -> None:
    error = error_for(raw)
    assert error.code == "chars"
    assert f"“{shown}”" in str(error.message)


@pytest.mark.parametrize("raw", ["1101051949123100X2", "11010549123100X"])
def test_rejects_x_anywhere_but_the_last_of_18_positions(raw: str) -> None:
    assert error_for(raw).code == "x_position"


@pytest.mark.parametrize("raw", ["", "  ", "\u3000"])
def test_rejects_empty_input(raw: str) -> None:
    assert error_for(raw).code == "empty"


@pytest.mark.parametrize("birth", ["19490230", "19491331", "19490000"])
def test_rejects_impossible_birth_dates(birth: str) -> None:
    body17 = "110105" + birth + "002"
    error = error_for(body17 + iso7064_check_char(body17))
    assert error.code == "birth_date"
    assert birth in str(error.message)


def test_rejects_birth_date_in_the_future() -> None:
    body17 = "110105" + (timezone.localdate() + timedelta(days=1)).strftime("%Y%m%d") + "002"
    assert error_for(body17 + iso7064_check_char(body17)).code == "birth_date"


def test_rejects_birth_date_before_1900() -> None:
    # The second example in GB 11643 (born 1880) is valid per the standard but not a living member.
    assert error_for("440524188001010014").code == "birth_date"


@pytest.mark.parametrize("province", ["00", "10", "16", "24", "39", "47", "55", "66", "72", "84", "99"])
def test_rejects_unknown_province_codes(province: str) -> None:
    body17 = province + "0105" + "19491231" + "002"
    error = error_for(body17 + iso7064_check_char(body17))
    assert error.code == "region"
    assert province in str(error.message)


@pytest.mark.parametrize(
    "raw",
    [
        "3.20102E+17",
        "3.20102198503120e+17",
        "3.2010219850312E17",
        "320102198503120000.0",
        "320102198503120000",
    ],
)
def test_detects_numbers_excel_stored_as_floats(raw: str) -> None:
    error = error_for(raw)
    assert error.code == "excel"
    assert "文本" in str(error.message)


@given(valid_ids())
def test_detects_any_number_that_went_through_a_float(number: str) -> None:
    assume(number[-1] != "X")
    assert error_for(str(float(number))).code == "excel"


@given(valid_ids())
def test_detects_numbers_excel_cut_to_15_significant_digits(number: str) -> None:
    rounded = number[:15] + "000"
    assume(iso7064_check_char(rounded[:17]) != "0")
    assert error_for(rounded).code == "excel"


def test_id_mask_keeps_only_first_and_last_four() -> None:
    assert mask_id_number("32010219850312123X") == "3201**********123X"


@given(st.text(st.characters(exclude_characters="*"), max_size=30))
def test_id_mask_never_reveals_more_than_eight_characters(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert sum(char != "*" for char in masked) <= 8


def test_phone_mask_keeps_first_three_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"


@given(st.text("0123456789-+", max_size=20))
def test_phone_mask_never_reveals_more_than_seven_digits(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert sum(char != "*" for char in masked) <= 7
