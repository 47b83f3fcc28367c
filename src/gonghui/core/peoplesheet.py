"""One reader for "a sheet of people by ID number": the roster import, representatives and weighted electorates.

Whatever the sheet is for, the same cell must name the same person: an ID number typed with a Chinese IME
(full-width digits), grouped with spaces, with a lower-case x, or in its 15-digit pre-1999 form is read into
the 18-digit form the members table stores (core.idnumber), and a number Excel has already rounded, a masked
one or a wrong check digit is reported on its row instead of being "not on the roster".
"""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.idnumber import IdInfo, parse_id_number
from gonghui.core.spreadsheets import Cell
from gonghui.core.text import CellValueError, clean_cell, has_nul, to_halfwidth

ID_HEADER = "身份证号"
ID_ALIASES = ("身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码")
HEADER_SEARCH_ROWS = 30  # title rows, notes and blank lines people put above the header
_ID_CELL_LIMIT = 50  # anything longer is not an ID number; refuse it before echoing any of it

_HEADER_NOISE_RE = re.compile(r"[\s*＊]|[(（][^)）]*[)）]")  # "姓名*", "出生日期（yyyy-mm-dd）"


def header_key(text: str) -> str:
    """A column title as compared: half-width, lower-case, without spaces, asterisks or a bracketed hint."""
    return _HEADER_NOISE_RE.sub("", to_halfwidth(text)).lower()


def person_id(raw: Cell) -> IdInfo:
    """The person an ID cell names; raises CellValueError (with a message for the user) otherwise."""
    if isinstance(raw, str):
        if has_nul(raw):
            raise CellValueError(_("含有不可见的空字符（NUL），请清空该单元格后重新输入。"), "nul")
        if len(raw) > _ID_CELL_LIMIT and len(clean_cell(raw)) > _ID_CELL_LIMIT:
            raise CellValueError(
                _("内容过长：最多 %(limit)d 个字符，实有 %(length)d 个字符。")
                % {"limit": _ID_CELL_LIMIT, "length": len(clean_cell(raw))},
                "too_long",
            )
    text = clean_cell(raw)
    if "*" in text:
        raise CellValueError(
            _("身份证号被遮挡（含 *）：请填写完整号码，或由有权查看完整身份证号的人员导出名册。"), "masked"
        )
    return parse_id_number(text)


@dataclass(frozen=True)
class Person:
    row: int  # as the spreadsheet numbers it, from 1
    id_number: str  # the 18-digit form, as Member.id_number stores it
    cells: dict[str, Cell]  # the other columns asked for, by key; None where blank or absent


@dataclass
class PeopleSheet:
    people: list[Person] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(
        default_factory=list
    )  # (row, message), the reader's and the caller's

    def id_numbers(self) -> list[str]:
        return [person.id_number for person in self.people]

    def add_problem(self, row: int, message) -> None:
        self.problems.append((row, str(message)))

    def errors(self, limit: int | None = None) -> list[str]:
        """ "第 N 行：…" for each problem in row order; past `limit`, one line counts the rest."""
        lines = [
            _("第 %(n)s 行：%(message)s") % {"n": row, "message": message}
            for row, message in sorted(self.problems, key=lambda problem: problem[0])
        ]
        if limit is None or len(lines) <= limit:
            return lines
        return [*lines[:limit], _("……另有 %(n)s 处错误。") % {"n": len(lines) - limit}]


def read_people(
    rows: Sequence[Sequence[Cell]],
    *,
    columns: Mapping[str, Sequence[str]] | None = None,
    required: Collection[str] = (),
    header_required: bool = True,
) -> PeopleSheet:
    """The people a sheet lists, one per row, with the other `columns` ({key: (title, *aliases)}) they ask for.

    The header is the first of the first rows that has an ID-number column; titles match after `header_key`.
    Without one, `header_required` refuses the file (DomainError naming the missing columns); otherwise
    column A holds the ID number and the following columns `columns` in their order, and a first row whose
    ID cell is not a number is taken for a header in words we do not know.

    Blank rows are skipped. A row with a bad ID number, or one listed before, becomes a problem and is left
    out; every row is read, and the caller adds its own problems, so the user sees them all at once.
    """
    columns = dict(columns or {})
    header_index = _find_header(rows)
    if header_index is not None:
        index = _map_columns(rows[header_index], columns, required)
        first = header_index + 1
    elif header_required:
        missing = [ID_HEADER, *(columns[key][0] for key in required)]
        raise DomainError(_("第一行应为表头，缺少“%(columns)s”列。") % {"columns": "、".join(missing)})
    else:
        index = {"": 0} | {key: position for position, key in enumerate(columns, start=1)}
        first = _skip_word_header(rows)
    sheet, seen = PeopleSheet(), {}
    for position in range(first, len(rows)):
        row, number = rows[position], position + 1
        cells = {key: _cell(row, i) for key, i in index.items()}
        if all(_blank(cell) for cell in cells.values()):
            continue
        try:
            info = person_id(cells.pop(""))
        except CellValueError as exc:
            sheet.add_problem(number, exc.message)
            continue
        earlier = seen.setdefault(info.number, number)
        if earlier != number:
            message = _("身份证号与第 %(row)d 行重复，同一人只能出现一次。") % {"row": earlier}
            sheet.add_problem(number, message)
            continue
        sheet.people.append(Person(number, info.number, cells))
    return sheet


def _find_header(rows: Sequence[Sequence[Cell]]) -> int | None:
    keys = {header_key(title) for title in (ID_HEADER, *ID_ALIASES)}
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(isinstance(cell, str) and header_key(cell) in keys for cell in row):
            return position
    return None


def _map_columns(header: Sequence[Cell], columns: dict, required: Collection[str]) -> dict[str, int]:
    """{key: column index}, "" being the ID number's; a title found twice counts where it first appears."""
    wanted = {header_key(title): key for key, titles in columns.items() for title in titles}
    wanted |= {header_key(title): "" for title in (ID_HEADER, *ID_ALIASES)}
    index = {}
    for position, cell in enumerate(header):
        key = wanted.get(header_key(cell)) if isinstance(cell, str) else None
        if key is not None:
            index.setdefault(key, position)
    missing = [columns[key][0] for key in required if key not in index]
    if missing:
        raise DomainError(_("表头缺少“%(columns)s”列。") % {"columns": "、".join(missing)})
    return index


def _skip_word_header(rows: Sequence[Sequence[Cell]]) -> int:
    for position, row in enumerate(rows):
        if row and not _blank(row[0]):
            return position + 1 if not clean_cell(row[0])[:1].isdigit() else position
    return len(rows)


def _cell(row: Sequence[Cell], index: int) -> Cell:
    return row[index] if index < len(row) else None


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not clean_cell(cell))
