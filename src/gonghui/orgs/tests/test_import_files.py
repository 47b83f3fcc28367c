"""Roster files for the import tests (no tests here), built in code (XlsxWriter, csv) instead of stored fixtures."""

import base64
import csv
import datetime
import io
import zlib
from collections.abc import Callable

import xlsxwriter

from .factories import make_id_number

HEADER = ["姓名", "身份证号", "性别", "出生日期", "手机号", "工作单位", "入会日期"]

# Built with xlwt 1.3.0 (not a dependency), zlib-compressed: sheet "名册" holding
#   ["某公司工会会员名册"], ["姓名", "身份证号码", "联系电话", "入会日期"],
#   ["王小丫", "11010519491231002X", 13800138000 (a number cell), date(2019, 6, 1) formatted yyyy-mm-dd]
XLS_ROSTER = zlib.decompress(
    base64.b64decode(
        "eNrtWE1IVFEU/u59MzojjjOaBk5gImTmD8xoQi50Sig3NTo5kIVR2gwS/sVUkBE1ZbaxImhVtBFsIYEVRD/UInctAiUXQSCMhatW"
        "QZGQzuvcM++VWoEDJRjve9zzzj0/9+ede+67701N5iZGHnpnsQIN0JDUnchYIhNUnGbFA9LrumLNu4OKbmFdwemgQGbY8dz1OlPF"
        "UMV7FhIPbBNEgfdU2nECwf6+aPEaopHH0CHUGOqJCtwhSQ4KeVR5TI8x3cD0Plu+YLqTJdeY1pNtQhzCZCBYvsNYxW2yhHU5UO0+"
        "YZ93LPGjAK/UKr5wQ6Rs7dgVO97Rs84URbZsjIIC2hTti8ZU3Y27yAIGCFW9vVWRSAL5FOxRfNGLgc9mVr8stuRrKxcg+fxyeeYf"
        "5A4K4kr5TWkD4tCPcpIMIRt7bUojhSt8NbSAqFoGXJwQU109ofnWucPeZm9zW1gZkNP0QVfYDnHv+mJwYvhrqzhjgwjHv52rPT0z"
        "TGw05G2ei27u0iCGT7rbK4J5lCd+n99X66/bXuevrvH7fNVtWaoD3ks8y/YSF+dYNtEI3MzncqZ5aDILY5/e7OtsCRxhSZzfH6m3"
        "zBY1Kei4qDzIOYc1GlOlKWePCqaXuNVNzHuZ5lMa0L20pcBg9gyyzWXWllI/NYzpwNYlfBnxQx9DT4uGPgS2ET/eNHs2f/xtYAQl"
        "9Ogi5K+uQVSKSnH7lsKzgHkXxo40w7Twl93JIT3G3HTjVerGospHQi5TZSF4dsstBFsomqqZzy9Vk1TTftQ0qtmMtuRv2pLclt2w"
        "T8VCxUiTaieUPJJ4WfcjZ+N5qfQazerKmESDzMNj5Uw7609kwYIFCxYsWLBgwcL6gzpZSuNsrc6OduPcnmn811mkkrR+k/y32I9+"
        "uk7RR+Vu9NE9hoG01s9G2IXZllilj/m/UOEA9R5DNzp5HN1pr1/67hJL57NqR8/fS6F0+0+mM85/3P93kAPsZg=="
    )
)


def person(n: int, *, enterprise: str = "", **changes) -> dict:
    """A valid row for person `n`, as a dict keyed by HEADER; `changes` replaces cells by header."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=37 * n % 15000)
    row = {
        "姓名": f"职工{n}",
        "身份证号": make_id_number(birth, n),
        "性别": "男",
        "出生日期": birth.isoformat(),
        "手机号": f"139{n:08d}",
        "工作单位": enterprise,
        "入会日期": "2020-05-01",
    }
    return row | changes


def rows_of(people: list[dict], header: list[str] = HEADER) -> list[list]:
    return [header, *([p.get(column, "") for column in header] for p in people)]


def xlsx(rows: list[list], *, start_row: int = 0, extra: Callable | None = None) -> bytes:
    """An .xlsx with `rows` written from `start_row`; strings stay strings, numbers numbers, dates dates."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("会员")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(start_row + offset, column, value, date_format)
            elif value is not None and value != "":
                sheet.write(start_row + offset, column, value)
    if extra is not None:
        extra(workbook, sheet)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)
