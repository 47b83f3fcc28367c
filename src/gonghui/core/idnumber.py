"""Chinese resident identity numbers (公民身份号码, GB 11643-1999).

We validate these ourselves instead of using python-stdnum, which rejects some real numbers. Every
rejection carries a Chinese message that says what is wrong and how to fix it, because the people
reading it are union officers correcting a member list, not developers.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.text import CellValueError, remove_whitespace, to_halfwidth

# First two digits of the region code. 71/81/82/83 cover Taiwan, Hong Kong and Macao residents
# (residence permits), 91 foreigners with permanent residence.
_PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
    | {"71", "81", "82", "83", "91"}
)

# ISO 7064 MOD 11-2: the digit at position i (counted from the right, check digit = 1) weighs 2^(i-1) mod 11.
_CHECK_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_CHECK_CHARS = "10X98765432"

_ID_SHAPE_RE = re.compile(r"\d{17}[\dX]|\d{15}")
_ID_CHARS_RE = re.compile(r"[^\dX]")
# What Excel leaves behind after storing an ID as a number: "3.20102E+17" or "320102198503120000.0".
_EXCEL_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?E\+?\d+|\d{15,18}\.\d*")

_EARLIEST_BIRTH = date(1900, 1, 1)

Sex = Literal["M", "F"]


class IdNumberError(CellValueError):
    """An identity number the user has to correct."""


@dataclass(frozen=True)
class IdInfo:
    """What a valid identity number tells us; `number` is always the 18-digit form."""

    number: str
    birth_date: date
    sex: Sex
    region_code: str


def normalize_id_number(raw: str) -> str:
    """Undo typing noise (spaces, full-width characters, lower-case x) without judging validity."""
    return remove_whitespace(to_halfwidth(raw)).upper()


def parse_id_number(raw: str) -> IdInfo:
    """Validate an 18-digit number, or upgrade a 15-digit pre-1999 one, and extract its contents.

    Region and birth date are checked before the check digit, so a typo in either gets a message that
    points at that part instead of a generic check-digit complaint.
    """
    number = normalize_id_number(raw)
    _check_shape(number)
    if len(number) == 15:
        number = _upgrade_15_digit(number)
    region_code, birth_digits = number[:6], number[6:14]
    _check_region(region_code)
    birth_date = _check_birth_date(birth_digits)
    _check_digit(number)
    return IdInfo(
        number=number,
        birth_date=birth_date,
        sex="M" if int(number[16]) % 2 else "F",
        region_code=region_code,
    )


def mask_id_number(number: str) -> str:
    """Show only the first 4 and last 4 characters, enough for a person to recognise their own number.

    Anything shorter than a 15-digit number is masked completely, since 8 visible characters would give
    away most of it.
    """
    if len(number) < 15:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """Show a mobile number as "138****5678"; shorter numbers keep at most their last 4 digits."""
    head = 3 if len(phone) >= 11 else 0
    tail = 4 if len(phone) >= 8 else 0
    return phone[:head] + "*" * (len(phone) - head - tail) + phone[len(phone) - tail :]


def id_check_char(body17: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(body17, _CHECK_WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _check_shape(number: str) -> None:
    """Reject anything that is not 15 digits or 17 digits plus a digit or X, most specific cause first."""
    if _ID_SHAPE_RE.fullmatch(number):
        return
    if not number:
        raise IdNumberError(_("身份证号未填写"), code="empty")
    if _EXCEL_NUMBER_RE.fullmatch(number):
        raise _excel_damage_error()
    bad_chars = "".join(dict.fromkeys(_ID_CHARS_RE.findall(number)))
    if bad_chars:
        raise IdNumberError(
            format_lazy(
                _("身份证号含有无效字符“{chars}”：只能填数字，18位号码的最后一位可以是 X"), chars=bad_chars
            ),
            code="chars",
        )
    if len(number) not in (15, 18):
        raise IdNumberError(
            format_lazy(_("身份证号应为18位（或15位旧号），当前为{length}位"), length=len(number)),
            code="length",
        )
    raise IdNumberError(_("身份证号中的 X 只能出现在18位号码的最后一位，请核对"), code="x_position")


def _upgrade_15_digit(number: str) -> str:
    """Old 15-digit numbers (issued before 1999) omit the century and the check digit; all are 19xx."""
    body17 = number[:6] + "19" + number[6:]
    return body17 + id_check_char(body17)


def _check_region(region_code: str) -> None:
    if region_code[:2] not in _PROVINCE_CODES:
        raise IdNumberError(
            format_lazy(_("身份证号前两位“{code}”不是有效的省份代码，请核对"), code=region_code[:2]),
            code="region",
        )


def _check_birth_date(digits: str) -> date:
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(
            format_lazy(_("身份证号中的出生日期“{digits}”不存在，请核对第7–14位"), digits=digits),
            code="birth_date",
        ) from None
    if birth_date > timezone.localdate():
        raise IdNumberError(
            format_lazy(_("身份证号中的出生日期 {date} 晚于今天，请核对"), date=birth_date.isoformat()),
            code="birth_date",
        )
    if birth_date < _EARLIEST_BIRTH:
        raise IdNumberError(
            format_lazy(_("身份证号中的出生日期 {date} 早于1900年，请核对"), date=birth_date.isoformat()),
            code="birth_date",
        )
    return birth_date


def _check_digit(number: str) -> None:
    """Verify the last character; a mismatch on a number ending in "000" is almost surely Excel rounding.

    The message asks for a full re-check rather than a new last digit: when a middle digit was mistyped,
    "fixing" the last one would make a wrong number pass.
    """
    expected = id_check_char(number[:17])
    if number[17] == expected:
        return
    if number.endswith("000"):
        raise _excel_damage_error()
    raise IdNumberError(
        format_lazy(
            _(
                "身份证号校验位错误：按前17位计算最后一位应为 {expected}，"
                "请对照证件逐位核对，不要只改最后一位"
            ),
            expected=expected,
        ),
        code="check_digit",
    )


def _excel_damage_error() -> IdNumberError:
    return IdNumberError(
        _("身份证号被 Excel 存成了数字，末几位已丢失：请把该列设置为“文本”格式后重新填写"), code="excel"
    )
