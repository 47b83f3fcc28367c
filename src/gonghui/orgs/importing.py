"""Roster import: a spreadsheet of members, validated as a whole and then written completely or not at all.

The pipeline follows pretix's modelimport: read every row and check every cell without touching the
database, then look up the people already registered (one query per 900 ID numbers, never one per row) and
write new and changed members with bulk statements in one short transaction. Every problem becomes a
RowError that names the row as Excel numbers it, the column as the file names it, and what to do.

Members are matched by ID number (upsert): re-importing a file changes nothing and an edited file updates
only what changed. Columns the file lacks are left alone, members the file lacks stay on the roster. A person
on another union's roster is a transfer case (会员接转): reported and refused, never moved.
"""

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.idnumber import IdInfo, mask_id_number, parse_id_number
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES, SpreadsheetError, neutralize, read_rows
from gonghui.core.text import CellValueError, clean_cell, has_nul, parse_date, to_halfwidth

from .columns import ROSTER_COLUMNS, Column
from .models import Enterprise, ImportBatch, ImportStatus, Member, MemberStatus, Org, OrgKind
from .naming import name_initials
from .selectors import has_cap

MAX_ROWS = 200_000  # spreadsheet rows, title and header included
_HEADER_SEARCH_ROWS = 30  # title rows, notes and blank lines people put above the header
_LOOKUP_CHUNK = 900  # ID numbers per query: below SQLite's old limit of 999 parameters per statement
_WRITE_BATCH = 2000
_ECHO_CHARS = 20  # how much of a bad value a message repeats: enough to find it, never a 10 MB cell
_DATE_FIELDS = frozenset({"birth_date", "joined_on"})
# Fields a blank cell leaves as they are (new members get the model default): they cannot be empty.
_KEEP_WHEN_BLANK = frozenset({"employment_form", "status"})
# Longest cell read for fields without a max_length (dates, ID numbers); anything longer is a mistake.
_OTHER_CELL_LIMIT = 50

_HEADER_NOISE_RE = re.compile(r"[\s*＊]|[(（][^)）]*[)）]")  # "姓名*", "出生日期（yyyy-mm-dd）"
_CJK_GAP_RE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")  # "张  三", padded to align
_PHONE_NOISE_RE = re.compile(r"[\s\-()（）]")
_PHONE_RE = re.compile(r"1\d{10}")

# Words people write instead of the labels the export uses (which are accepted as well, like the codes).
_SYNONYMS = {
    "sex": {"男性": "M", "女性": "F"},
    "education": {
        "小学": "primary", "中专": "senior", "高中": "senior", "技校": "senior", "职高": "senior",
        "专科": "college", "大学专科": "college", "大学": "bachelor", "大学本科": "bachelor",
        "研究生": "master", "硕士": "master", "博士": "doctor",
    },
    "political_status": {"党员": "cpc", "预备党员": "probationary", "团员": "league"},
    "employment_form": {"正式": "regular", "派遣": "dispatched"},
    "status": {},
}


@dataclass
class RowError:
    row: int  # 1-based, as Excel shows it; 0 for a problem with the file as a whole
    column: str
    message: str


@dataclass
class TransferCase:
    row: int
    name: str
    id_number: str  # masked: the report is stored and shown, it must not become a copy of the roster
    union: str


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    transfer_cases: list[TransferCase] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {"rows": self.rows, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "errors": len(self.errors)}

    def to_dict(self) -> dict:
        return {
            "counts": self.counts(), "committed": self.committed,
            "errors": [asdict(error) for error in self.errors],
            "transfer_cases": [asdict(case) for case in self.transfer_cases],
            "unknown_columns": list(self.unknown_columns),
        }


# --- The pipeline ----------------------------------------------------------------------------------------


def roster_import(*, actor, union: Org, data: bytes, filename: str, commit: bool) -> ImportReport:
    """Validate a roster file for `union`; with `commit` and no errors, write every row in one transaction.

    `actor=None` is the server's own operator (the `import-members` command): whoever has a shell there
    already holds the database. Raises DomainError for a file that cannot be read as a roster at all.
    """
    return _import(actor=actor, union=union, data=data, filename=filename, commit=commit)


def _import(*, actor, union: Org, data: bytes, filename: str, commit: bool,
            batch: ImportBatch | None = None) -> ImportReport:
    _require_roster_keeper(actor, union)
    report = ImportReport()
    rows = _parse_rows(_read(data, filename), union, report)
    if not commit:
        _classify(rows, union, report, lock=False)
        return report
    with transaction.atomic():
        if batch is not None and not _still_queued(batch):
            raise Conflict(_("该文件已经处理过，不会重复导入。"), code="already_processed")
        new, changed, fields = _classify(rows, union, report, lock=True)
        if report.errors:
            return report
        try:
            _write(new, changed, fields)
        except IntegrityError as exc:  # someone registered one of these people a moment ago
            raise Conflict(_("导入期间名册被他人修改，请重新上传文件校验。"), code="concurrent_change") from exc
        report.committed = True
        audit(actor=actor, action="member.import", obj=union, scope_path=union.path,
              changes={"filename": _safe_text(filename, 200), **report.counts()})
        if batch is not None:
            _finish(batch, ImportStatus.COMMITTED, report)
    return report


def _require_roster_keeper(actor, union: Org) -> None:
    if actor is not None:
        require(has_cap(actor, Cap.EDIT_ROSTER, union))
    if union.kind != OrgKind.UNION:
        raise DomainError(_("名册只能导入到基层工会，请先切换到要导入的工会。"), code="not_a_union")


def _read(data: bytes, filename: str) -> list[list]:
    try:
        return read_rows(data, filename, max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        raise DomainError(exc.message, code=exc.code) from exc


# --- Header ----------------------------------------------------------------------------------------------


@dataclass
class _Layout:
    header_row: int  # index into rows
    columns: dict[str, tuple[int, str]]  # field -> (column index, header text as the file has it)
    unnamed: list[int]  # columns without a header: reported only if they hold data


def _header_key(text: str) -> str:
    return _HEADER_NOISE_RE.sub("", to_halfwidth(text)).lower()


@cache
def _columns_by_key() -> dict[str, Column]:
    return {_header_key(name): column for column in ROSTER_COLUMNS for name in (column.header, *column.aliases)}


def _find_layout(rows: list[list], report: ImportReport) -> _Layout:
    """The header is the row among the first few that names the most known columns (title rows sit above)."""
    known = _columns_by_key()
    best, best_hits = None, 1
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if _header_key(clean_cell(cell)) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    if best is None:
        raise DomainError(_("没有找到表头：请确认第一个工作表中有“姓名”“身份证号”等列名。可下载导入模板对照。"),
                          code="no_header")
    columns, unnamed = {}, []
    for index, cell in enumerate(rows[best]):
        text = _safe_text(clean_cell(cell), 50)
        column = known.get(_header_key(text))
        if not text:
            unnamed.append(index)
        elif column is None or column.field in columns:
            report.unknown_columns.append(text)
        else:
            columns[column.field] = (index, text)
    missing = [c.header for c in ROSTER_COLUMNS if c.required and c.field not in columns]
    if missing:
        raise DomainError(_("表头缺少必需的列：%(columns)s。可下载导入模板对照。") % {"columns": "、".join(missing)},
                          code="missing_columns")
    return _Layout(best, columns, unnamed)


# --- Cells -----------------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict
    info: IdInfo


def _parse_rows(rows: list[list], union: Org, report: ImportReport) -> list[_Row]:
    """Check every cell of every row; rows with an error are reported and left out of the result."""
    if not rows:
        raise DomainError(_("文件是空的，没有任何内容。"), code="empty")
    layout = _find_layout(rows, report)
    parsers = {name: _PARSERS[name] for name in layout.columns}
    enterprises = _enterprises(union) if "enterprise" in parsers else {}
    data_in_unnamed: set[int] = set()
    parsed, first_seen = [], {}
    for index in range(layout.header_row + 1, len(rows)):
        cells = rows[index]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        report.rows += 1
        data_in_unnamed.update(i for i in layout.unnamed if cells[i] is not None)
        row = _parse_row(index + 1, cells, layout, parsers, enterprises, report)
        if row is None:
            continue
        earlier = first_seen.setdefault(row.info.number, row.number)
        if earlier != row.number:
            report.errors.append(RowError(row.number, layout.columns["id_number"][1],
                                          _("身份证号与第 %(row)d 行重复，同一人只能出现一次。") % {"row": earlier}))
            continue
        parsed.append(row)
    report.unknown_columns += [_("%(letter)s列（无表头）") % {"letter": _column_letter(i)}
                               for i in sorted(data_in_unnamed)]
    return parsed


def _parse_row(number: int, cells: list, layout: _Layout, parsers: dict, enterprises: dict,
               report: ImportReport) -> _Row | None:
    values, failed = {}, False
    for name, (index, header) in layout.columns.items():
        try:
            raw = _precheck(cells[index], name)
            values[name] = enterprises_lookup(raw, enterprises) if name == "enterprise" else parsers[name](raw)
        except CellValueError as exc:
            report.errors.append(RowError(number, header, str(exc.message)))
            failed = True
    if failed:
        return None
    info = values.pop("id_number")
    try:
        _check_against_id(values, info)
    except CellValueError as exc:
        column = "birth_date" if exc.code == "birth_date" else "sex"
        report.errors.append(RowError(number, layout.columns[column][1], str(exc.message)))
        return None
    return _Row(number, values, info)


def _precheck(raw, name: str):
    """NUL and absurd lengths are refused before any parser sees (or echoes) the value: PostgreSQL cannot
    store a NUL, not even inside a JSON error report."""
    if not isinstance(raw, str):
        return raw
    if has_nul(raw):
        raise CellValueError(_("含有不可见的空字符（NUL），请清空该单元格后重新输入。"), "nul")
    limit = _max_length(name)
    length = len(clean_cell(raw))
    if length > limit:
        raise CellValueError(_("内容过长：最多 %(limit)d 个字，实有 %(length)d 个字。") % {
            "limit": limit, "length": length}, "too_long")
    return raw


@cache
def _max_length(name: str) -> int:
    model = Enterprise if name == "enterprise" else Member
    model_field = model._meta.get_field("name" if name == "enterprise" else name)
    return _OTHER_CELL_LIMIT if name == "id_number" else model_field.max_length or _OTHER_CELL_LIMIT


def _text(raw) -> str:
    """Trimmed half-width text, with the apostrophe our export puts before "=", "+", "-", "@" taken off again
    (see spreadsheets.neutralize), so an exported roster imports back unchanged."""
    text = clean_cell(raw)
    if text.startswith("'") and neutralize(text[1:]) == text:
        return text[1:]
    return text


def _name(raw) -> str:
    name = _CJK_GAP_RE.sub("", _text(raw))
    if not name:
        raise CellValueError(_("姓名未填写。"), "empty")
    return name


def _id_number(raw) -> IdInfo:
    text = clean_cell(raw)
    if "*" in text:
        raise CellValueError(_("身份证号被遮挡（含 *）：请由有权查看完整身份证号的人员导出，或填写完整号码。"),
                             "masked")
    return parse_id_number(text)


def _phone(raw) -> str:
    phone = _PHONE_NOISE_RE.sub("", clean_cell(raw))
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not _PHONE_RE.fullmatch(phone):
        raise CellValueError(_("手机号“%(value)s”应为 1 开头的 11 位数字。") % {"value": _echo(phone)}, "phone")
    return phone


def _date(raw) -> date | None:
    if raw is None or (isinstance(raw, str) and not clean_cell(raw)):
        return None
    return parse_date(raw)


def _choice(name: str):
    def parse(raw) -> str:
        text = _text(raw)
        if not text:
            return ""
        value = _choice_map(name).get(re.sub(r"\s", "", text).lower())
        if value is None:
            labels = "、".join(str(label) for _value, label in Member._meta.get_field(name).choices)
            raise CellValueError(_("无法识别“%(value)s”，请填写：%(labels)s。") % {
                "value": _echo(text), "labels": labels}, "choice")
        return value

    return parse


@cache
def _choice_map(name: str) -> dict[str, str]:
    mapping = dict(_SYNONYMS[name])
    for value, label in Member._meta.get_field(name).choices:
        mapping[str(label)] = value
        mapping[value.lower()] = value
    return mapping


def enterprises_lookup(raw, enterprises: dict[str, int | None]) -> int | None:
    name = _text(raw)
    if not name:
        return None
    if name not in enterprises:
        raise CellValueError(_("本工会没有名为“%(name)s”的单位：请核对名称，或先在“企业”中登记。") % {
            "name": _echo(name)}, "enterprise")
    if enterprises[name] is None:
        raise CellValueError(_("本工会有多个名为“%(name)s”的单位，无法区分，请先修改单位名称。") % {
            "name": _echo(name)}, "enterprise")
    return enterprises[name]


def _enterprises(union: Org) -> dict[str, int | None]:
    """Name -> id for the union's enterprises; None marks a name two enterprises share."""
    found: dict[str, int | None] = {}
    for pk, name in Enterprise.objects.filter(union=union).values_list("pk", "name"):
        found[name] = None if name in found else pk
    return found


_PARSERS = {
    "name": _name,
    "id_number": _id_number,
    "sex": _choice("sex"),
    "birth_date": _date,
    "phone": _phone,
    "ethnicity": _text,
    "education": _choice("education"),
    "political_status": _choice("political_status"),
    "enterprise": _text,  # resolved per union, see enterprises_lookup
    "department": _text,
    "post": _text,
    "employment_form": _choice("employment_form"),
    "joined_on": _date,
    "status": _choice("status"),
}


def _check_against_id(values: dict, info: IdInfo) -> None:
    """Birth date and sex come from the ID number; a column that contradicts it points at a typo in one."""
    given = values.pop("birth_date", None)
    if given is not None and given != info.birth_date:
        raise CellValueError(_("出生日期与身份证号不一致：身份证号显示为 %(date)s。") % {
            "date": info.birth_date.isoformat()}, "birth_date")
    sex = values.pop("sex", "")
    if sex and sex != info.sex:
        raise CellValueError(_("性别与身份证号不一致：身份证号显示为%(sex)s。") % {
            "sex": _("男") if info.sex == "M" else _("女")}, "sex")


# --- Against the roster ----------------------------------------------------------------------------------


def _classify(rows: list[_Row], union: Org, report: ImportReport, *, lock: bool):
    """Count new, updated and unchanged rows and find transfer cases; build what `_write` needs.

    Returns (new members, changed members, changed field names). With `lock`, the existing rows are locked
    for the transaction (PostgreSQL; SQLite's IMMEDIATE transaction already holds the only write lock).
    """
    existing = _existing(sorted(row.info.number for row in rows), lock)
    now = timezone.now()
    new, changed, fields = [], [], set()
    for row in rows:
        member = existing.get(row.info.number)
        if member is None:
            report.new += 1
            new.append(_new_member(row, union, now))
        elif member.union_id != union.pk:
            _transfer_case(row, member, report)
        else:
            _check_status_change(row, member)
            changes = _apply(member, row.values)
            if changes:
                report.updated += 1
                member.updated_at = now
                changed.append(member)
                fields.update(changes)
            else:
                report.unchanged += 1
    report.new, report.updated, report.unchanged = (n if not report.errors else n for n in (
        report.new, report.updated, report.unchanged))
    return new, changed, fields


def _existing(numbers: list[str], lock: bool) -> dict[str, Member]:
    found = {}
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        members = Member.objects.filter(id_number__in=numbers[start:start + _LOOKUP_CHUNK]).select_related("union")
        if lock:
            members = members.select_for_update(of=("self",))
        found.update((member.id_number, member) for member in members)
    return found
