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
from django.db.models import F, QuerySet
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
_FREE_TEXT_FIELDS = frozenset({"name", "ethnicity", "department", "post"})
# Fields a blank cell leaves as they are (new members get the model default): they cannot be empty.
_KEEP_WHEN_BLANK = frozenset({"employment_form", "status"})
# Longest cell read for the other fields (dates, ID numbers, choices...); anything longer is a mistake.
_OTHER_CELL_LIMIT = 50

_HEADER_NOISE_RE = re.compile(r"[\s*＊]|[(（][^)）]*[)）]")  # "姓名*", "出生日期（yyyy-mm-dd）"
_CJK_GAP_RE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")  # "张  三", padded to align
_PHONE_NOISE_RE = re.compile(r"[\s\-()（）]")
_PHONE_RE = re.compile(r"1\d{10}")

# Words people write instead of the labels the export uses (which are accepted as well, like the codes).
_SYNONYMS = {
    "sex": {"男性": "M", "女性": "F"},
    "education": {
        "小学": "primary",
        "中专": "senior",
        "高中": "senior",
        "技校": "senior",
        "职高": "senior",
        "专科": "college",
        "大学专科": "college",
        "大学": "bachelor",
        "大学本科": "bachelor",
        "研究生": "master",
        "硕士": "master",
        "博士": "doctor",
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
        return {
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }

    def to_dict(self) -> dict:
        return {
            "counts": self.counts(),
            "committed": self.committed,
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


def _import(
    *, actor, union: Org, data: bytes, filename: str, commit: bool, batch: ImportBatch | None = None
) -> ImportReport:
    """The pipeline; a `batch` being committed is marked done in the same transaction as the rows."""
    _require_roster_keeper(actor, union)
    report = ImportReport()
    sheet = _parse(_read(data, filename), union, report)
    if not commit:
        _classify(sheet, union, report, lock=False)
        return report
    with transaction.atomic():
        if batch is not None and not _lock_queued(batch):
            raise Conflict(_("该文件已经处理过，不会重复导入。"), code="already_processed")
        new, changed, fields = _classify(sheet, union, report, lock=True)
        if report.errors:
            return report
        try:
            _write(new, changed, fields)
        except IntegrityError as exc:  # someone registered one of these people a moment ago
            raise Conflict(
                _("导入期间名册被他人修改，请重新上传文件校验。"), code="concurrent_change"
            ) from exc
        report.committed = True
        audit(
            actor=actor,
            action="member.import",
            obj=union,
            scope_path=union.path,
            changes={"filename": _safe_text(filename, 200), **report.counts()},
        )
        if batch is not None:
            _finish(batch, ImportStatus.COMMITTED, report=report)
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


def _header_key(text: str) -> str:
    return _HEADER_NOISE_RE.sub("", to_halfwidth(text)).lower()


@cache
def _columns_by_key() -> dict[str, Column]:
    return {
        _header_key(name): column for column in ROSTER_COLUMNS for name in (column.header, *column.aliases)
    }


def _find_header(rows: list[list]) -> int:
    """The header is the row, among the first few, that names the most known columns; titles sit above it."""
    known = _columns_by_key()
    best, best_hits = None, 1
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if isinstance(cell, str) and _header_key(cell) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    if best is None:
        raise DomainError(
            _("没有找到表头：第一个工作表中应有“姓名”“身份证号”等列名，可下载导入模板对照。"),
            code="no_header",
        )
    return best


def _map_columns(header: list, report: ImportReport) -> tuple[dict[str, tuple[int, str]], list[int]]:
    """{field: (column index, header as the file writes it)} and the columns that have no header."""
    known = _columns_by_key()
    columns, unnamed = {}, []
    for index, cell in enumerate(header):
        text = _safe_text(clean_cell(cell), 50)
        column = known.get(_header_key(text))
        if not text:
            unnamed.append(index)
        elif column is None or column.field in columns:
            report.unknown_columns.append(text)
        else:
            columns[column.field] = (index, text)
    missing = [column.header for column in ROSTER_COLUMNS if column.required and column.field not in columns]
    if missing:
        raise DomainError(
            _("表头缺少必需的列：%(columns)s。可下载导入模板对照。") % {"columns": "、".join(missing)},
            code="missing_columns",
        )
    return columns, unnamed


# --- Rows and cells --------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict
    info: IdInfo


@dataclass
class _Sheet:
    headers: dict[str, str]  # field -> header text, to name the column in messages
    rows: list[_Row]  # the rows without errors


def _parse(rows: list[list], union: Org, report: ImportReport) -> _Sheet:
    """Check every cell of every row; rows with an error are reported and left out of the result."""
    if not rows:
        raise DomainError(_("文件是空的，没有任何内容。"), code="empty")
    header_index = _find_header(rows)
    columns, unnamed = _map_columns(rows[header_index], report)
    parsers = _parsers(columns, union)
    headers = {name: header for name, (_index, header) in columns.items()}
    parsed, first_seen, unnamed_with_data = [], {}, set()
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        report.rows += 1
        unnamed_with_data.update(i for i in unnamed if cells[i] is not None)
        row = _parse_row(index + 1, cells, columns, parsers, report)
        if row is None:
            continue
        earlier = first_seen.setdefault(row.info.number, row.number)
        if earlier != row.number:
            message = _("身份证号与第 %(row)d 行重复，同一人只能出现一次。") % {"row": earlier}
            report.errors.append(RowError(row.number, headers["id_number"], message))
            continue
        parsed.append(row)
    report.unknown_columns += [
        _("%(letter)s列（无表头）") % {"letter": _column_letter(i)} for i in sorted(unnamed_with_data)
    ]
    return _Sheet(headers, parsed)


def _parse_row(number: int, cells: list, columns: dict, parsers: dict, report: ImportReport) -> _Row | None:
    values, failed = {}, False
    for name, (index, header) in columns.items():
        try:
            values[name] = parsers[name](_precheck(cells[index], name))
        except CellValueError as exc:
            report.errors.append(RowError(number, header, str(exc.message)))
            failed = True
    if failed:
        return None
    info = values.pop("id_number")
    try:
        _check_against_id(values, info)
    except CellValueError as exc:
        report.errors.append(RowError(number, columns[exc.code][1], str(exc.message)))
        return None
    return _Row(number, values, info)


def _precheck(raw, name: str):
    """NUL characters and absurd lengths are refused before a parser sees the value or echoes it into a
    message: PostgreSQL cannot store a NUL, not even inside the JSON of an error report."""
    if not isinstance(raw, str):
        return raw
    if has_nul(raw):
        raise CellValueError(_("含有不可见的空字符（NUL），请清空该单元格后重新输入。"), "nul")
    limit = _max_length(name)
    if len(raw) > limit and len(clean_cell(raw)) > limit:
        raise CellValueError(
            _("内容过长：最多 %(limit)d 个字符，实有 %(length)d 个字符。")
            % {"limit": limit, "length": len(clean_cell(raw))},
            "too_long",
        )
    return raw


@cache
def _max_length(name: str) -> int:
    if name == "enterprise":
        return Enterprise._meta.get_field("name").max_length
    if name in _FREE_TEXT_FIELDS:
        return Member._meta.get_field(name).max_length
    return _OTHER_CELL_LIMIT


def _parsers(columns: dict, union: Org) -> dict:
    """The parser of each column in the file; enterprise names resolve against this union's enterprises."""
    return {name: _enterprise_parser(union) if name == "enterprise" else _PARSERS[name] for name in columns}


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
        raise CellValueError(
            _("身份证号被遮挡（含 *）：请填写完整号码，或由有权查看完整身份证号的人员导出名册。"), "masked"
        )
    return parse_id_number(text)


def _phone(raw) -> str:
    phone = _PHONE_NOISE_RE.sub("", clean_cell(raw)).removeprefix("+86")
    if phone and not _PHONE_RE.fullmatch(phone):
        raise CellValueError(
            _("手机号“%(value)s”应为 1 开头的 11 位数字。") % {"value": _echo(phone)}, "phone"
        )
    return phone


def _date(raw) -> date | None:
    if raw is None or (isinstance(raw, str) and not clean_cell(raw)):
        return None
    return parse_date(raw)


def _choice(name: str):
    """A parser for a choice field: the label the export writes, the stored code or a common synonym."""

    def parse(raw) -> str:
        text = _text(raw)
        if not text:
            return ""
        value = _choice_map(name).get(re.sub(r"\s", "", text).lower())
        if value is None:
            labels = "、".join(str(label) for _value, label in Member._meta.get_field(name).choices)
            raise CellValueError(
                _("无法识别“%(value)s”，请填写：%(labels)s。") % {"value": _echo(text), "labels": labels},
                "choice",
            )
        return value

    return parse


@cache
def _choice_map(name: str) -> dict[str, str]:
    mapping = dict(_SYNONYMS[name])
    for value, label in Member._meta.get_field(name).choices:
        mapping[str(label)] = value
        mapping[value.lower()] = value
    return mapping


def _enterprise_parser(union: Org):
    """Matches the 工作单位 cell to one of the union's enterprises by exact name."""
    by_name: dict[str, int | None] = {}
    for pk, name in Enterprise.objects.filter(union=union).values_list("pk", "name"):
        by_name[name] = None if name in by_name else pk  # None: two enterprises share the name

    def parse(raw) -> int | None:
        name = _text(raw)
        if not name:
            return None
        if name not in by_name:
            raise CellValueError(
                _("本工会没有名为“%(name)s”的单位：请核对名称，或先在“企业”中登记。") % {"name": _echo(name)},
                "enterprise",
            )
        if by_name[name] is None:
            raise CellValueError(
                _("本工会有多个名为“%(name)s”的单位，无法区分，请先修改单位名称。") % {"name": _echo(name)},
                "enterprise",
            )
        return by_name[name]

    return parse


_PARSERS = {
    "name": _name,
    "id_number": _id_number,
    "sex": _choice("sex"),
    "birth_date": _date,
    "phone": _phone,
    "ethnicity": _text,
    "education": _choice("education"),
    "political_status": _choice("political_status"),
    "department": _text,
    "post": _text,
    "employment_form": _choice("employment_form"),
    "joined_on": _date,
    "status": _choice("status"),
}


def _check_against_id(values: dict, info: IdInfo) -> None:
    """Birth date and sex come from the ID number; a column that contradicts it points at a typo in one.

    The error's code is the field to blame, so the caller can name the column.
    """
    given = values.pop("birth_date", None)
    if given is not None and given != info.birth_date:
        raise CellValueError(
            _("出生日期与身份证号不一致：身份证号显示为 %(date)s。") % {"date": info.birth_date.isoformat()},
            "birth_date",
        )
    sex = values.pop("sex", "")
    if sex and sex != info.sex:
        raise CellValueError(
            _("性别与身份证号不一致：身份证号显示为%(sex)s。")
            % {"sex": _("男") if info.sex == "M" else _("女")},
            "sex",
        )


# --- Against the roster ----------------------------------------------------------------------------------


def _classify(sheet: _Sheet, union: Org, report: ImportReport, *, lock: bool):
    """Sort the rows into new, changed and unchanged members, refusing transfer cases.

    Returns (new members, changed members, names of the changed fields) for `_write`. With `lock`, the
    existing rows stay locked until the transaction ends (PostgreSQL; on SQLite the IMMEDIATE transaction
    already holds the only write lock).
    """
    existing = _existing(sorted(row.info.number for row in sheet.rows), lock)
    now = timezone.now()
    new, changed, fields = [], [], set()
    for row in sheet.rows:
        member = existing.get(row.info.number)
        if member is not None and member.union_id != union.pk:
            _report_transfer_case(row, member, sheet.headers, report)
        elif not _status_allowed(row, member, sheet.headers, report):
            continue
        elif member is None:
            report.new += 1
            new.append(_new_member(row, union, now))
        elif changes := _apply(member, row.values):
            report.updated += 1
            member.updated_at = now
            changed.append(member)
            fields.update(changes)
        else:
            report.unchanged += 1
    return new, changed, fields


def _existing(numbers: list[str], lock: bool) -> dict[str, Member]:
    """The registered members with these ID numbers, with their union's name for transfer cases."""
    found = {}
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        members = Member.objects.filter(id_number__in=numbers[start : start + _LOOKUP_CHUNK]).annotate(
            union_name=F("union__name")
        )
        if lock:
            members = members.select_for_update(of=("self",))
        found.update((member.id_number, member) for member in members)
    return found


def _report_transfer_case(row: _Row, member: Member, headers: dict, report: ImportReport) -> None:
    report.transfer_cases.append(
        TransferCase(row.number, row.values["name"], mask_id_number(member.id_number), member.union_name)
    )
    report.errors.append(
        RowError(
            row.number,
            headers["id_number"],
            _("此人已是“%(union)s”的会员，不能重复登记：请联系该工会办理会员关系接转，或从文件中删去此行。")
            % {"union": member.union_name},
        )
    )


def _status_allowed(row: _Row, member: Member | None, headers: dict, report: ImportReport) -> bool:
    """转出 is the outcome of a transfer; a spreadsheet may keep it (round trip) but not set it."""
    wanted = row.values.get("status")
    if wanted != MemberStatus.TRANSFERRED or (member is not None and member.status == wanted):
        return True
    report.errors.append(
        RowError(
            row.number, headers["status"], _("会籍状态“转出”只能通过会员接转办理，请改为其他状态或留空。")
        )
    )
    return False


def _new_member(row: _Row, union: Org, now) -> Member:
    values = {name: value for name, value in row.values.items() if value or name not in _KEEP_WHEN_BLANK}
    values["enterprise_id"] = values.pop("enterprise", None)
    info = row.info
    return Member(
        union=union,
        initials=name_initials(values["name"]),
        id_number=info.number,
        id_tail=info.number[-4:],
        sex=info.sex,
        birth_date=info.birth_date,
        phone_tail=values.get("phone", "")[-4:],
        created_at=now,
        updated_at=now,
        **values,
    )


def _apply(member: Member, values: dict) -> set[str]:
    """Copy the file's values onto the member; the names of the fields that changed."""
    changed = set()
    for name, value in values.items():
        if not value and name in _KEEP_WHEN_BLANK:
            continue
        attribute = "enterprise_id" if name == "enterprise" else name
        if getattr(member, attribute) != value:
            setattr(member, attribute, value)
            changed.add(attribute)
    if "name" in changed:
        member.initials = name_initials(member.name)
        changed.add("initials")
    if "phone" in changed:
        member.phone_tail = member.phone[-4:]
        changed.add("phone_tail")
    return changed


def _write(new: list[Member], changed: list[Member], fields: set[str]) -> None:
    Member.objects.bulk_create(new, batch_size=_WRITE_BATCH)
    if changed:
        Member.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=_WRITE_BATCH // 4)


# --- Upload, confirm, run: the batch a user works through in the browser --------------------------------


def import_batch_list(*, user, node: Org) -> QuerySet[ImportBatch]:
    if not has_cap(user, Cap.EDIT_ROSTER, node):
        return ImportBatch.objects.none()
    batches = ImportBatch.objects.filter(union__path__startswith=node.path)
    return batches.select_related("union", "uploaded_by").order_by("-created_at", "-pk")


def import_batch_get(*, user, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.select_related("union", "uploaded_by").filter(pk=pk).first()
    if batch is None or not has_cap(user, Cap.EDIT_ROSTER, batch.union):
        raise NotFound()
    return batch


def import_batch_create(*, actor, union: Org, upload) -> ImportBatch:
    """Validate an uploaded file and keep the report; the file itself is kept only if it can be imported."""
    _require_roster_keeper(actor, union)
    if upload.size > MAX_UPLOAD_BYTES:  # before reading it into memory
        raise DomainError(
            SpreadsheetError("too_large", limit_mb=MAX_UPLOAD_BYTES // 2**20).message, code="too_large"
        )
    data = upload.read()
    report = roster_import(actor=actor, union=union, data=data, filename=upload.name, commit=False)
    digest = hashlib.sha256(data).hexdigest()
    batch = ImportBatch(
        union=union,
        uploaded_by=actor,
        filename=_safe_text(upload.name, 200),
        sha256=digest,
        status=ImportStatus.VALIDATED if report.ok else ImportStatus.INVALID,
    )
    _store_report(batch, report)
    with transaction.atomic():
        if report.ok:  # the file holds ID numbers: keep it only while it may still be imported (PIPL)
            suffix = Path(upload.name).suffix.lower() if Path(upload.name).suffix.isascii() else ""
            batch.file.save(f"{digest[:20]}{suffix[:6]}", ContentFile(data), save=False)
        batch.save()
        audit(
            actor=actor,
            action="member.import_upload",
            obj=batch,
            scope_path=union.path,
            changes={"filename": batch.filename, **report.counts()},
        )
    return batch


def import_batch_commit(*, actor, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a validated batch; the task validates again and writes all rows or none.

    The task is enqueued inside the transaction that marks the batch queued: with the database task
    backend both rows commit together, so a batch is never queued without its task or the reverse.
    """
    require(has_cap(actor, Cap.EDIT_ROSTER, batch.union))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status in (ImportStatus.QUEUED, ImportStatus.COMMITTED):
            raise Conflict(
                _("该文件已提交导入（%(status)s），不会重复导入。") % {"status": locked.get_status_display()},
                code="already_submitted",
            )
        if locked.status == ImportStatus.INVALID:
            raise DomainError(_("该文件有错误，不能导入：请按错误清单修改后重新上传。"), code="invalid")
        locked.status = ImportStatus.QUEUED
        locked.save(update_fields=["status"])
        audit(actor=actor, action="member.import_queue", obj=locked, scope_path=locked.union.path)
        from .tasks import import_batch_task  # the task module imports this one

        import_batch_task.enqueue(batch_id=locked.pk, actor_id=actor.pk)
    locked.refresh_from_db()
    return locked


def import_batch_run(*, batch_id: int, actor_id: int) -> str:
    """The task's work: import a queued batch's file. Returns the batch's final status."""
    batch = ImportBatch.objects.select_related("union").get(pk=batch_id)
    if batch.status != ImportStatus.QUEUED:
        return batch.status  # a second delivery of the same task
    actor = get_user_model().objects.get(pk=actor_id)
    try:
        with batch.file.open("rb") as stream:
            data = stream.read()
        report = _import(
            actor=actor, union=batch.union, data=data, filename=batch.filename, commit=True, batch=batch
        )
    except OSError:
        _finish(batch, ImportStatus.FAILED, problem=_("上传的文件已不存在，请重新上传。"))
    except Conflict as exc:
        if exc.code != "already_processed":
            _finish(batch, ImportStatus.FAILED, problem=exc.message)
    except DomainError as exc:
        _finish(batch, ImportStatus.FAILED, problem=exc.message)
    except Exception:
        _finish(
            batch,
            ImportStatus.FAILED,
            problem=_("导入时发生系统错误，没有写入任何数据。请稍后重试或联系管理员。"),
        )
        raise
    else:
        if not report.committed:  # the roster changed since the upload and now conflicts with the file
            _finish(batch, ImportStatus.INVALID, report=report)
    batch.refresh_from_db()
    return batch.status


def _lock_queued(batch: ImportBatch) -> bool:
    return ImportBatch.objects.select_for_update().filter(pk=batch.pk, status=ImportStatus.QUEUED).exists()


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.counts = {
        **report.counts(),
        "transfer_cases": [asdict(case) for case in report.transfer_cases],
        "unknown_columns": report.unknown_columns,
    }
    batch.errors = [asdict(error) for error in report.errors]


def _finish(
    batch: ImportBatch, status: str, *, report: ImportReport | None = None, problem: str = ""
) -> None:
    """Record the outcome; once committed or invalid the stored file is of no further use and is deleted."""
    batch.status, batch.finished_at = status, timezone.now()
    if report is not None:
        _store_report(batch, report)
    if problem:
        batch.errors = [asdict(RowError(0, "", problem))]
    if status != ImportStatus.FAILED and batch.file:
        name, storage = batch.file.name, batch.file.storage
        batch.file = ""
        transaction.on_commit(lambda: storage.delete(name))
    batch.save(update_fields=["status", "finished_at", "counts", "errors", "file"])


# --- Small helpers ---------------------------------------------------------------------------------------


def _safe_text(text: str, limit: int) -> str:
    """Text fit for storing and showing: without control characters (NUL above all), at most `limit` long."""
    return "".join(char for char in text if char >= " ")[:limit]


def _echo(text: str) -> str:
    return text if len(text) <= _ECHO_CHARS else text[:_ECHO_CHARS] + "…"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
