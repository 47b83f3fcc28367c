"""Helpers for the messy cell values that arrive from spreadsheets and web forms.

Member lists are typed by hand in Excel/WPS, often with a Chinese IME switched on, so values come with
full-width digits, ideographic spaces, non-breaking spaces pasted from web pages and dates in half a
dozen notations. Everything here turns such values into plain, predictable Python values, or raises a
`CellValueError` whose Chinese message tells the user how to fix the cell.
"""

import re
from datetime import date, datetime, timedelta

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Full-width ASCII (U+FF01..U+FF5E) maps onto ASCII by a fixed offset; U+3000 is the ideographic space.
_HALFWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Zero-width characters are not `\s`, yet they ride along when text is copied from web pages and chat apps.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGE_SPACE_RE = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
_ANY_SPACE_RE = re.compile(rf"[\s{_INVISIBLE}]+")

# Excel stores 15 significant digits; a float at or beyond this has already lost digits.
_EXCEL_EXACT_LIMIT = 10**15

# Excel's 1900 date system counts from 1899-12-30 once past its fictitious 1900-02-29 (serial 60), so
# serials below 61 would be off by one day; they are also far too early for any date this app stores.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_FIRST_SERIAL = 61
_EXCEL_LAST_SERIAL = 2_958_465  # 9999-12-31

_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    re.compile(rf"(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME_SUFFIX}"),
    re.compile(r"(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
)


class CellValueError(ValueError):
    """A value the user must correct; `message` is shown to them as-is, `code` is for programs and tests.

    Import and form code catch this one base class and report `message` next to the offending row.
    """

    def __init__(self, message: str | Promise, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class DateParseError(CellValueError):
    """A cell that cannot be read as a complete calendar date."""


def to_halfwidth(s: str) -> str:
    """Convert full-width ASCII letters, digits, punctuation and the ideographic space to plain ASCII.

    Chinese IMEs in full-width mode produce "１９８５" and "ＡＢ", which look right but fail every
    comparison and pattern match.
    """
    return s.translate(_HALFWIDTH_TABLE)


def remove_whitespace(s: str) -> str:
    """Remove every space-like character, including inner ones, for codes that never contain spaces.

    People group long numbers for readability ("3201 0219 ...") and copy invisible characters along.
    """
    return _ANY_SPACE_RE.sub("", s)


def clean_cell(value: object) -> str:
    """Turn a raw cell value into trimmed half-width text; None (an empty cell) becomes "".

    Inner whitespace is kept because it can be meaningful (e.g. in addresses). Whole-number floats are
    written without ".0" so phone numbers and postal codes typed into numeric cells read naturally, but
    only below 10^15: past Excel's 15 significant digits the float's text (e.g. "3.2010219850312e+17") is
    kept so validators can recognise a number Excel has already damaged.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXCEL_EXACT_LIMIT:
        value = int(value)
    return _EDGE_SPACE_RE.sub("", to_halfwidth(str(value)))


def has_nul(s: str) -> bool:
    """Tell whether text contains a NUL character, which PostgreSQL refuses to store in text columns."""
    return "\x00" in s


def parse_date(value: object) -> date:
    """Read a complete date from a cell: date objects, Excel serial numbers or common Chinese notations.

    Partial dates such as "1985-3" are rejected rather than guessed, because silently choosing a day
    would put wrong birth and join dates into member records.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_number(value)
    text = clean_cell(value)
    if not text:
        raise DateParseError(_("日期未填写，请写成 1985-03-12 这样的格式"), code="empty")
    return _date_from_text(text)


def _date_from_number(value: float) -> date:
    """Read an Excel serial date, or a date typed as the number 19850312 into a numeric cell."""
    if isinstance(value, int) or value.is_integer():
        digits = str(int(value))
        if len(digits) == 8:
            return _date_from_text(digits)
    if not _EXCEL_FIRST_SERIAL <= value <= _EXCEL_LAST_SERIAL:
        raise _unrecognised_date(clean_cell(value))
    # The fraction is the time of day, which a date does not keep.
    return _EXCEL_EPOCH + timedelta(days=int(value))


def _date_from_text(text: str) -> date:
    """Match the supported notations and check that the result is a real calendar date."""
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, _separator, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                raise DateParseError(
                    format_lazy(_("日期“{value}”不存在，请核对年、月、日"), value=text), code="nonexistent"
                ) from None
    raise _unrecognised_date(text)


def _unrecognised_date(text: str) -> DateParseError:
    return DateParseError(
        format_lazy(_("日期“{value}”无法识别，请写成 1985-03-12 这样的格式"), value=text), code="format"
    )
