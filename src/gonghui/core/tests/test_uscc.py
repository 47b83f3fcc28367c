import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gonghui.core.uscc import CreditCodeError, make_credit_code, normalize_credit_code, validate_credit_code

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Published codes of real organisations (collected in python-stdnum's test suite): enterprises (91),
# individual businesses (92) and a public institution (12), with letters and X in various positions.
REAL_CODES = [
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91152201078371135X",
    "9115220107837757XE",
    "9115220107837941X1",
    "91310115MA1K3BTP2B",
    "91340603MA2UJXXCXF",
    "91620105L015101280",
    "91620105MA73NBBLXE",
    "92340602MA2PBMEM24",
    "92340621MA2PBKRXXG",
]


def with_check_char(body17: str) -> str:
    """The GB 32100 check character, computed from the weights' definition 3^i mod 31."""
    total = sum(CHARSET.index(char) * pow(3, i, 31) for i, char in enumerate(body17))
    return body17 + CHARSET[(31 - total % 31) % 31]


def error_for(raw: str) -> CreditCodeError:
    with pytest.raises(CreditCodeError) as excinfo:
        validate_credit_code(raw)
    return excinfo.value


valid_codes = st.one_of(st.sampled_from(REAL_CODES), st.integers(min_value=0).map(make_credit_code))


@pytest.mark.parametrize("code", REAL_CODES)
def test_accepts_real_codes(code: str) -> None:
    assert validate_credit_code(code) == code


@given(st.integers(min_value=0))
def test_make_credit_code_builds_valid_codes(seed: int) -> None:
    code = make_credit_code(seed)
    assert validate_credit_code(code) == code


@given(st.integers(0, 10**8 - 1), st.integers(0, 10**8 - 1))
def test_make_credit_code_is_deterministic_and_gives_distinct_codes(seed: int, other: int) -> None:
    assert make_credit_code(seed) == make_credit_code(seed)
    assert (make_credit_code(seed) == make_credit_code(other)) == (seed == other)


def test_make_credit_code_refuses_negative_seeds() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        make_credit_code(-1)


@pytest.mark.parametrize(
    "raw",
    [
        "91110000600037341l",
        " 91 110000 600037341L\u3000",
        "91-110000-600037341L",
        "９１１１００００６０００３７３４１Ｌ",
    ],
)
def test_normalizes_case_spacing_hyphens_and_fullwidth(raw: str) -> None:
    assert normalize_credit_code(raw) == "91110000600037341L"
    assert validate_credit_code(raw) == "91110000600037341L"


@given(valid_codes, st.integers(0, 17), st.sampled_from(CHARSET))
def test_rejects_any_single_character_substitution(code: str, position: int, replacement: str) -> None:
    mistyped = code[:position] + replacement + code[position + 1 :]
    assume(mistyped != code)
    assert error_for(mistyped).code in {"org_code", "check_digit"}


def test_rejects_wrong_check_character_and_names_the_expected_one() -> None:
    error = error_for("91110000600037341N")
    assert error.code == "check_digit"
    assert "最后一位应为 L" in str(error.message)


@given(valid_codes, st.sampled_from(CHARSET))
def test_reports_a_broken_organisation_code_separately(code: str, replacement: str) -> None:
    assume(replacement != code[16])
    tampered = with_check_char(code[:16] + replacement)
    error = error_for(tampered)
    assert error.code == "org_code"
    assert "组织机构代码" in str(error.message)


@pytest.mark.parametrize("letter", "IOZSV")
def test_rejects_letters_the_standard_leaves_out(letter: str) -> None:
    error = error_for("9111000060" + letter + "037341L")
    assert error.code == "chars"
    assert f"“{letter}”" in str(error.message)


@pytest.mark.parametrize(
    ("raw", "hint"), [("9111000060003734", "当前为16位"), ("91110000600037341L0", "当前为19位")]
)
def test_rejects_wrong_length_and_reports_it(raw: str, hint: str) -> None:
    error = error_for(raw)
    assert error.code == "length"
    assert hint in str(error.message)


@pytest.mark.parametrize(("raw", "hint"), [("110000012345678", "注册号"), ("60003734-1", "组织机构代码")])
def test_recognises_old_registration_numbers_and_organisation_codes(raw: str, hint: str) -> None:
    error = error_for(raw)
    assert error.code == "length"
    assert hint in str(error.message)


def test_rejects_empty_input() -> None:
    assert error_for(" \xa0").code == "empty"


def test_made_codes_carry_the_given_registration_region():
    code = make_credit_code(5, region="330106")
    assert code.startswith("91330106") and validate_credit_code(code) == code
