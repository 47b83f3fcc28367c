"""Reading uploaded spreadsheets and writing .xlsx exports.

Uploads are untrusted: a union officer may pick a file that is damaged, mislabelled or crafted. Reading
therefore happens in two stages:

1. Cheap checks in this process, before any parser sees the bytes: the upload size; for zip containers
   (.xlsx/.ods) the sizes and compression ratios the archive declares, its member count, nested archives
   and XML DTDs, all from the central directory plus a 4 KB peek per member.
2. calamine (Rust) parses the workbook in a child process with a capped address space and a wall-clock
   timeout. This is not optional hardening: calamine allocates its dense cell grid from the coordinates
   it finds, so a 5 KB .xlsx with one cell in A1 and one in XFD1048576, or an .xls with a bogus
   DIMENSIONS record (a few flipped bytes in a damaged file are enough), makes it request hundreds of
   gigabytes, and a failed Rust allocation aborts the whole process — here only the child.

This file is also the child's script (see `_child_main`), so it must only import the standard library
and installed packages, never other project modules.

CSV needs neither stage beyond the size limit: it is decoded and split by the standard library in process.
"""

import codecs
import csv
import datetime
import io
import itertools
import pickle
import resource
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

import python_calamine
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from xlsxwriter.worksheet import Worksheet

type Cell = (
    str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta | None
)

MAX_UPLOAD_BYTES: Final = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES: Final = 200 * 1024 * 1024  # sum of the sizes a zip container declares
MAX_COMPRESSION_RATIO: Final = 100  # per member; parts of real workbooks compress about 2-10 times
MAX_ZIP_MEMBERS: Final = 1000
XML_PEEK_BYTES: Final = 4096
# A workbook just past the limits above (200k rows x 20 columns, 230 MB of XML) peaked at 0.94 GB in the
# parser process and took 6 s.
PARSER_MEMORY_LIMIT_BYTES: Final = 2 * 1024 * 1024 * 1024
PARSER_TIMEOUT_SECONDS: Final = 60

XLSX_MAX_ROWS: Final = 1_048_576
XLSX_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WIDTH_SAMPLE_ROWS: Final = 1000  # column widths are estimated from the first rows, keeping exports linear
_MAX_COLUMN_WIDTH: Final = 50

_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC: Final = bytes.fromhex("d0cf11e0a1b11ae1")
# Excel saves a password-protected .xlsx as an OLE container holding this stream instead of a zip.
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_WORKBOOK_SUFFIXES: Final = frozenset({".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".et"})
_CSV_DELIMITERS: Final = (",", "\t", ";")
_CSV_SNIFF_CHARS: Final = 64 * 1024
# Shares of control characters and of NULs above which decoded "text" is really a binary file.
_BINARY_CONTROL_SHARE: Final = 0.05
_BINARY_NUL_SHARE: Final = 0.25

# OWASP "CSV injection": a cell starting with one of these may be evaluated as a formula by Excel, WPS or
# LibreOffice when the file is opened, edited or re-saved as CSV (e.g. =HYPERLINK() leaking data). NUL is
# in ASVS 5's list. The full-width forms are a precaution: a Chinese IME types them, and spreadsheet
# programs may turn them into the ASCII ones when a user edits the cell.
_FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")

_EXIT_OUT_OF_MEMORY: Final = 3

_MESSAGES: Final = {
    "too_large": _("文件超过 %(limit_mb)d MB，请拆分后分批上传。"),
    "zip_bomb": _(
        "文件解压后体积异常（内容过大、压缩比过高或部件过多），为安全起见已拒绝。"
        "请删除多余的空行、空列和格式后另存为 .xlsx 再上传。"
    ),
    "nested_archive": _("文件中嵌入了其他文档或压缩包，为安全起见已拒绝。请删除嵌入的对象后另存再上传。"),
    "unsafe_xml": _(
        "文件包含不安全的 XML 声明（DOCTYPE/ENTITY），正常的 Excel 文件不会包含这些内容，已拒绝。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。"
    ),
    "encrypted": _("文件设置了打开密码，请取消密码后重新上传。"),
    "corrupt": _("文件已损坏或不是 Excel 文件，请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传。"),
    "unsupported": _(
        "无法识别的文件类型或编码：请上传 Excel 文件（.xlsx、.xls），或 UTF-8、GBK 编码的 CSV 文件。"
    ),
    "too_complex": _(
        "文件内容异常，无法安全读取：可能已损坏，或在远离数据的位置有零散的单元格。"
        "请删除多余的行和列后另存为 .xlsx 再上传。"
    ),
    "too_many_rows": _("表格超过 %(limit)d 行（含标题行），请拆分后分批上传。"),
}


class SpreadsheetError(ValueError):
    """A file we refuse to read; `.code` is for programs and logs, `.message` is the Chinese text for users.

    The message is rendered when read, so it follows the language active where it is shown.
    """

    def __init__(self, code: str, **params: int) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return str(_MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return self.message


def read_rows(data: bytes, filename: str, *, max_rows: int = 200_000) -> list[list[Cell]]:
    """The first visible worksheet (or the CSV) as rows of cells; `rows[i]` is spreadsheet row `i + 1`.

    The container is chosen by content, not by the name, because users rename files freely; the name only
    decides whether non-spreadsheet bytes are reported as a broken Excel file or as an unknown type.

    What the caller gets, and must handle itself:
    - rows start at A1 and all have the same length; blank cells (and formula errors such as #N/A) are None;
    - numbers stay numbers: float from .xlsx/.ods, int or float from .xls. An ID number typed into a
      number cell arrives as a float that has already lost digits, and must be reported, not repaired;
    - dates come as date/datetime when the cell has a date format, otherwise as the serial number;
      time and duration cells come as datetime.time / timedelta;
    - a range merged over several rows (a department beside its people) gives its value to each of those
      rows in its first column; a range within one row (a title) has its value in its first cell only;
    - strings are returned untouched: surrounding spaces, full-width characters, line breaks and even NUL
      characters (Excel stores them as _x0000_) are kept so the caller can report or clean them;
    - CSV cells are strings (or None when empty).

    Blocks for as long as parsing takes (seconds for a big file): call it from a task, not an async view.
    Raises SpreadsheetError.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError("too_large", limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if data.startswith(_ZIP_MAGICS):
        return _parse_isolated(data, _inspect_zip(data), max_rows)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise SpreadsheetError("encrypted")
        return _parse_isolated(data, ".xls", max_rows)
    if Path(filename).suffix.lower() in _WORKBOOK_SUFFIXES:
        raise SpreadsheetError("corrupt")
    return _read_csv(data, max_rows)


def neutralize(value: str) -> str:
    """Prefix "'" to a string a spreadsheet would take for a formula (see _FORMULA_TRIGGERS).

    The apostrophe is stored in the value, so it is visible and survives an export/re-import round trip;
    that is the point: the value can never turn into a live formula in any program that opens the file.
    """
    return "'" + value if value.startswith(_FORMULA_TRIGGERS) else value


def write_xlsx(
    headers: list[str],
    rows: Iterable[Sequence],
    *,
    sheet_name: str = "Sheet1",
    text_columns: Iterable[int] = frozenset(),
) -> bytes:
    """One worksheet with a bold, frozen header row, written row by row (constant memory) into bytes.

    Strings are neutralized (see `neutralize`) and never turned into formulas, numbers or links. Columns in
    `text_columns` are formatted as text ("@") down to the last row of the sheet, so ID numbers keep all
    18 digits and a leading zero even in rows the user adds before re-importing. Values: None and "" are
    left blank, bool/int/float/Decimal become numbers, dates use yyyy-mm-dd, aware datetimes are shown in
    the current time zone, anything else is written as str(value). Excel truncates text beyond 32,767
    characters.
    """
    return write_xlsx_sheets([(sheet_name, headers, rows)], text_columns=text_columns)


def write_xlsx_sheets(
    sheets: Iterable[tuple[str, list[str], Iterable[Sequence]]], *, text_columns: Iterable[int] = frozenset()
) -> bytes:
    """Several worksheets, each (name, headers, rows), each written as `write_xlsx` describes; `text_columns`
    applies to every sheet. Each sheet is written to the end before the next begins (constant memory)."""
    text_columns = frozenset(text_columns)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(workbook)
    for name, headers, rows in sheets:
        _write_sheet(workbook.add_worksheet(name[:31]), headers, rows, formats, text_columns)  # Excel's limit
    workbook.close()
    return buffer.getvalue()


def _write_sheet(
    worksheet: Worksheet, headers: list[str], rows: Iterable[Sequence], formats: "_Formats", text_columns
) -> None:
    widths: dict[int, int] = {}
    for column, header in enumerate(headers):
        worksheet.write_string(0, column, neutralize(header), formats.header)
        widths[column] = _display_width(header)
    worksheet.freeze_panes(1, 0)
    for row_index, row in enumerate(rows, start=1):
        if row_index >= XLSX_MAX_ROWS:
            raise ValueError(f"an .xlsx worksheet holds at most {XLSX_MAX_ROWS - 1} data rows")
        for column, value in enumerate(row):
            shown = _write_cell(worksheet, row_index, column, value, formats, as_text=column in text_columns)
            if row_index <= _WIDTH_SAMPLE_ROWS:
                widths[column] = max(widths.get(column, 0), _display_width(shown))
    for column, width in widths.items():
        column_format = formats.text if column in text_columns else None
        worksheet.set_column(column, column, min(width + 2, _MAX_COLUMN_WIDTH), column_format)


# --- reading: zip containers ---------------------------------------------------------------------------


def _inspect_zip(data: bytes) -> str:
    """Refuse a zip the parser should not open, else return the suffix of the workbook format it holds.

    Everything is decided from the central directory's declared sizes and a few KB per member, so a bomb
    is refused without being inflated; a zip that lies about its sizes is contained by the parser limits.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SpreadsheetError("corrupt") from exc
    with archive:
        members = archive.infolist()
        _check_declared_sizes(members)
        for member in members:
            _check_member_head(archive, member)
        return _workbook_suffix(archive)


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetError("zip_bomb")
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError("zip_bomb")
    for member in members:
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise SpreadsheetError("zip_bomb")


def _check_member_head(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse nested zips (bomb chains) and XML with a DTD by looking at the member's first bytes.

    calamine's XML parser (quick-xml) rejects every entity it does not predefine instead of expanding it (a
    test proves it), so the DTD check is a second line: a workbook saved by Excel, WPS or LibreOffice never
    has a DOCTYPE, and refusing one gives a clear message.
    """
    if member.flag_bits & 0x1:  # zip-level encryption; Excel itself encrypts differently (see read_rows)
        raise SpreadsheetError("encrypted")
    try:
        with archive.open(member) as stream:
            head = stream.read(XML_PEEK_BYTES)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, ValueError, EOFError) as exc:
        raise SpreadsheetError("corrupt") from exc
    if head.startswith(_ZIP_MAGICS):
        raise SpreadsheetError("nested_archive")
    if member.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(head):
        raise SpreadsheetError("unsafe_xml")


def _declares_dtd(head: bytes) -> bool:
    # Dropping NULs makes UTF-16 encoded XML match as well.
    text = head.replace(b"\x00", b"").upper()
    return b"<!DOCTYPE" in text or b"<!ENTITY" in text


def _workbook_suffix(archive: zipfile.ZipFile) -> str:
    """The format of a spreadsheet zip; other zips (.docx, .pptx, plain archives) are unsupported."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return ".xlsx"
    if "xl/workbook.bin" in names:
        return ".xlsb"
    if "mimetype" in names:
        with archive.open("mimetype") as stream:
            if stream.read(len(_ODS_MIMETYPE)) == _ODS_MIMETYPE:
                return ".ods"
    raise SpreadsheetError("unsupported")


# --- reading: the isolated parser ----------------------------------------------------------------------


class _RowsUnpickler(pickle.Unpickler):
    """Rebuilds only the datetime types calamine returns, so even a parser process taken over by a
    malicious file cannot make this process run code through the pickle it sends back."""

    _ALLOWED: Final = frozenset({"date", "datetime", "time", "timedelta"})

    def find_class(self, module: str, name: str) -> type:
        if module == "datetime" and name in self._ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not expected from the spreadsheet parser")


def _parse_isolated(data: bytes, suffix: str, max_rows: int) -> list[list[Cell]]:
    """Run `_child_main` (this file as a script) on `data` and return its rows or raise its error.

    `-I` keeps the child from picking up PYTHON* variables or the current directory as import paths.
    """
    command = [sys.executable, "-I", str(Path(__file__).resolve()), suffix, str(max_rows)]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed argv, no shell, file content goes through stdin
            command, input=data, capture_output=True, timeout=PARSER_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SpreadsheetError("too_complex") from exc
    if completed.returncode < 0 or completed.returncode == _EXIT_OUT_OF_MEMORY:
        raise SpreadsheetError("too_complex")  # killed, or a failed Rust allocation aborted it
    if completed.returncode != 0:
        stderr = completed.stderr[-2000:].decode(errors="replace")
        raise RuntimeError(f"spreadsheet parser exited with {completed.returncode}: {stderr}")
    kind, payload = _RowsUnpickler(io.BytesIO(completed.stdout)).load()
    if kind == "error":
        code, params = payload
        raise SpreadsheetError(code, **params)
    return payload


def _child_main() -> None:
    """Parser process: argv is [suffix, max_rows], the file comes on stdin, a pickle goes to stdout."""
    _, hard_limit = resource.getrlimit(resource.RLIMIT_AS)
    limit = (
        PARSER_MEMORY_LIMIT_BYTES
        if hard_limit == resource.RLIM_INFINITY
        else min(hard_limit, PARSER_MEMORY_LIMIT_BYTES)
    )
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    suffix, max_rows = sys.argv[1], int(sys.argv[2])
    try:
        outcome = _parse_first_sheet(sys.stdin.buffer.read(), suffix, max_rows)
        pickle.dump(outcome, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        sys.exit(_EXIT_OUT_OF_MEMORY)


def _parse_first_sheet(data: bytes, suffix: str, max_rows: int) -> tuple[str, object]:
    """("rows", rows) or ("error", (code, params)).

    The file goes through a temporary file because calamine picks its reader from the suffix there, while
    from bytes it tries every format and reports any failure, a password included, as "cannot detect".
    """
    with tempfile.NamedTemporaryFile(suffix=suffix) as file:
        file.write(data)
        file.flush()
        try:
            with python_calamine.CalamineWorkbook.from_path(file.name) as workbook:
                sheet = workbook.get_sheet_by_index(_first_visible_sheet(workbook))
                row_count = sheet.end[0] + 1 if sheet.end else 0
                if row_count > max_rows:
                    return "error", ("too_many_rows", {"limit": max_rows})
                rows = sheet.to_python(skip_empty_area=False) if row_count else []
                merged = sheet.merged_cell_ranges or []
        except python_calamine.PasswordError:
            return "error", ("encrypted", {})
        except MemoryError:
            raise
        except BaseException:  # malformed input: CalamineError, or a Rust panic (pyo3's PanicException)
            return "error", ("corrupt", {})
    rows = [[None if value == "" else value for value in row] for row in rows]
    _fill_merged_down(rows, merged)
    return "rows", rows


def _fill_merged_down(rows: list[list[Cell]], merged: list) -> None:
    """Give a value merged over several rows to each of those rows, in the range's first column.

    Rosters merge a department or employer over the rows of the people in it; the file stores the value in
    the first row only, but every row shows it and means it. Ranges within one row (titles, section labels)
    are left alone, and no row is added past the last one that holds data.
    """
    for (top, left), (bottom, _right) in merged:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row in rows[top + 1 : bottom + 1]:
            row[left] = value


def _first_visible_sheet(workbook: python_calamine.CalamineWorkbook) -> int:
    """The first tab a user sees: templates often hide a lookup sheet in front, and chart sheets hold no
    cells."""
    for index, sheet in enumerate(workbook.sheets_metadata):
        if (
            sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
            and sheet.visible == python_calamine.SheetVisibleEnum.Visible
        ):
            return index
    return 0


# --- reading: CSV -----------------------------------------------------------------------------------------


def _read_csv(data: bytes, max_rows: int) -> list[list[Cell]]:
    text = _decode_text(data)
    if _looks_binary(text):
        raise SpreadsheetError("unsupported")
    rows: list[list[Cell]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)):
            if len(rows) == max_rows:
                raise SpreadsheetError("too_many_rows", limit=max_rows)
            rows.append([field or None for field in record])
    except csv.Error as exc:  # e.g. a field longer than csv.field_size_limit()
        raise SpreadsheetError("corrupt") from exc
    width = max(map(len, rows), default=0)
    return [row + [None] * (width - len(row)) for row in rows]


def _decode_text(data: bytes) -> str:
    """Decode by BOM, then strict UTF-8, then GB18030; charset-normalizer is deliberately not used.

    Chinese CSVs come in these encodings: Excel's "CSV UTF-8" (with BOM), UTF-8 from web systems and WPS,
    GBK (cp936) from Excel's plain "CSV" on Chinese Windows, and UTF-16 from its "Unicode text". GB18030
    is a superset of GBK and GB2312, and strict UTF-8 practically never accepts GBK bytes, so the cascade
    is deterministic. charset-normalizer 3.5, by contrast, reads the GBK bytes of short files such as
    "王芳,女,1990-01-01" or "姓名\n张三" as Big5 and returns wrong characters without any error.
    Accepted risk: a Western single-byte or Big5 file may decode as GB18030 into wrong characters instead
    of being refused; such files are not expected from Chinese union offices.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SpreadsheetError("unsupported") from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("unsupported")


def _looks_binary(text: str) -> bool:
    """An image or document that happened to decode is full of control characters. NULs are counted
    apart: a few in a real CSV stay in the cells for the caller to report, while text made mostly of them
    is UTF-16 without a BOM."""
    sample = text[:_CSV_SNIFF_CHARS]
    nuls = sample.count("\0")
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r") - nuls
    return controls > len(sample) * _BINARY_CONTROL_SHARE or nuls > len(sample) * _BINARY_NUL_SHARE


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most rows into the same number of columns.

    csv.Sniffer is not used: it raises "Could not determine delimiter" when a title row sits above the
    table. Scoring by delimiters found in consistent rows prefers tab over a comma that occurs once per
    address, and keeps comma (listed first) on ties.
    """
    sample = text[:_CSV_SNIFF_CHARS]
    return max(_CSV_DELIMITERS, key=lambda delimiter: _delimiter_score(sample, delimiter))


def _delimiter_score(sample: str, delimiter: str) -> int:
    records = itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 100)
    widths = [len(record) for record in records if record]
    if not widths:
        return 0
    common = max(set(widths), key=widths.count)
    return widths.count(common) * (common - 1)


# --- writing -------------------------------------------------------------------------------------------


class _Formats:
    """The few cell formats an export needs, registered once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True})
        self.text = workbook.add_format({"num_format": 49})  # Excel's built-in "Text" (文本), i.e. "@"
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})


def _write_cell(
    worksheet: Worksheet, row: int, column: int, value: object, formats: _Formats, *, as_text: bool
) -> str:
    """Write one value with the type-appropriate call and return the text it shows, for column widths."""
    if value is None or value == "":
        return ""
    if as_text or isinstance(value, str):
        text = neutralize(str(value))
        worksheet.write_string(row, column, text, formats.text if as_text else None)
        return text
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
        return "FALSE"
    if isinstance(value, int | float | Decimal):
        worksheet.write_number(row, column, value)
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        worksheet.write_datetime(row, column, value, formats.datetime)
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, datetime.date):
        worksheet.write_datetime(row, column, value, formats.date)
        return "yyyy-mm-dd"
    text = neutralize(str(value))
    worksheet.write_string(row, column, text)
    return text


def _display_width(text: str) -> int:
    """Width in Excel's units (one digit); CJK characters take two, which is what makes Chinese columns
    readable without manual resizing."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


if __name__ == "__main__":
    _child_main()
