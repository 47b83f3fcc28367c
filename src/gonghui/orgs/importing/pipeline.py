"""From a roster file to members: `prepare` reads and checks it, `apply` compares it with the roster and
writes it, all rows in one transaction or none."""

from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.idnumber import mask_id_number
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.core.spreadsheets import SpreadsheetError, read_rows
from gonghui.orgs.models import Member, MemberStatus, Org, OrgKind
from gonghui.orgs.naming import name_initials, name_sort_key
from gonghui.orgs.selectors import has_cap

from .cells import Row, Sheet, parse_sheet
from .report import ImportReport, RowError, TransferCase, safe_text

MAX_ROWS = 200_000  # spreadsheet rows, title and header included
_LOOKUP_CHUNK = 900  # ID numbers per query: below SQLite's old limit of 999 parameters per statement
_UPDATE_BATCH = 500  # bulk_update builds one CASE per field and row: keep its statements small
# Fields a blank cell leaves as they are (new members get the model default): they cannot be empty.
_KEEP_WHEN_BLANK = frozenset({"employment_form", "status"})
_FOREIGN_KEYS = {"enterprise": "enterprise_id", "unit": "unit_id"}  # cell names whose value is a row's pk


def roster_import(*, actor, union: Org, data: bytes, filename: str, commit: bool) -> ImportReport:
    """Validate a roster file for `union`; with `commit` and no errors, write every row in one transaction.

    `actor=None` is the server's own operator (the `import-members` command): whoever has a shell there
    already holds the database. Raises DomainError for a file that cannot be read as a roster at all.
    """
    return apply(prepare(actor=actor, union=union, data=data, filename=filename), commit=commit)


@dataclass
class Prepared:
    """A file read and checked cell by cell, not yet compared with the roster."""

    actor: object
    union: Org
    filename: str
    sheet: Sheet
    report: ImportReport


def prepare(*, actor, union: Org, data: bytes, filename: str) -> Prepared:
    """The slow, database-free part (seconds for a large file), done before any transaction starts."""
    require_roster_keeper(actor, union)
    report = ImportReport()
    try:
        rows = read_rows(data, filename, max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        raise DomainError(exc.message, code=exc.code) from exc
    return Prepared(actor, union, filename, parse_sheet(rows, union, report), report)


def apply(prepared: Prepared, *, commit: bool) -> ImportReport:
    """Count new, updated and unchanged rows; with `commit` and no errors, write them and log the import."""
    report, union = prepared.report, prepared.union
    if not commit:
        _classify(prepared.sheet, union, report, for_write=False)
        return report
    with transaction.atomic():
        new, changed, fields = _classify(prepared.sheet, union, report, for_write=True)
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
            actor=prepared.actor,
            action="member.import",
            obj=union,
            scope_path=union.path,
            changes={"filename": safe_text(prepared.filename, 200), **report.counts()},
        )
    return report


def require_roster_keeper(actor, union: Org) -> None:
    if actor is not None:
        require(has_cap(actor, Cap.EDIT_ROSTER, union))
    if union.kind != OrgKind.UNION:
        raise DomainError(_("名册只能导入到基层工会，请先切换到要导入的工会。"), code="not_a_union")


# --- Against the roster ----------------------------------------------------------------------------------


def _classify(sheet: Sheet, union: Org, report: ImportReport, *, for_write: bool):
    """Sort the rows into new, changed and unchanged members, refusing transfer cases.

    `for_write` returns (new members, changed members, names of the changed fields) for `_write` and keeps
    the existing rows locked until the transaction ends (PostgreSQL; on SQLite the IMMEDIATE transaction
    already holds the only write lock).
    """
    existing = _existing(sorted(row.info.number for row in sheet.rows), lock=for_write)
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
            if for_write:  # a preview only counts: the new rows' pinyin takes seconds on a large file
                new.append(_new_member(row, union, now))
        elif changes := _copy_changes(member, row.values):
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


def _report_transfer_case(row: Row, member: Member, headers: dict, report: ImportReport) -> None:
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


def _status_allowed(row: Row, member: Member | None, headers: dict, report: ImportReport) -> bool:
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


def _new_member(row: Row, union: Org, now) -> dict:
    """The new member's columns by attribute name, model defaults included (see `_insert`)."""
    values = {name: value for name, value in row.values.items() if value or name not in _KEEP_WHEN_BLANK}
    values["enterprise_id"] = values.pop("enterprise", None)
    values["unit_id"] = values.pop("unit", None)
    info = row.info
    return {
        **_defaults(),
        **values,
        "union_id": union.pk,
        "initials": name_initials(values["name"]),
        "name_key": name_sort_key(values["name"]),
        "id_number": info.number,
        "id_tail": info.number[-4:],
        "sex": info.sex,
        "birth_date": info.birth_date,
        "phone_tail": values.get("phone", "")[-4:],
        "created_at": now,
        "updated_at": now,
    }


@cache
def _insert_fields() -> list:
    return [f for f in Member._meta.concrete_fields if not f.primary_key]


@cache
def _defaults() -> dict:
    return {f.attname: f.get_default() for f in _insert_fields()}


def _copy_changes(member: Member, values: dict) -> set[str]:
    """Copy the file's values onto the member; the names of the fields that changed."""
    changed = set()
    for name, value in values.items():
        if not value and name in _KEEP_WHEN_BLANK:
            continue
        attribute = _FOREIGN_KEYS.get(name, name)
        if getattr(member, attribute) != value:
            setattr(member, attribute, value)
            changed.add(attribute)
    if "name" in changed:
        member.initials = name_initials(member.name)
        member.name_key = name_sort_key(member.name)
        changed.update({"initials", "name_key"})
    if "phone" in changed:
        member.phone_tail = member.phone[-4:]
        changed.add("phone_tail")
    return changed


def _write(new: list[dict], changed: list[Member], fields: set[str]) -> None:
    _insert(new)
    if changed:
        Member.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=_UPDATE_BATCH)


def _insert(new: list[dict]) -> None:
    """Insert already validated members with one bulk statement: executemany on SQLite, COPY on PostgreSQL.

    Not bulk_create: on 100,000 members it spent 8–12 s (SQLite) and 6–10 s (PostgreSQL) building model
    instances and per-value SQL parameters, against 1.3 s and 3.3 s here; the import's whole budget is a few
    times the raw insert (bench/import_members.py). The database still enforces every constraint. Signals
    and model history are not triggered, as with bulk_create.
    """
    if not new:
        return
    fields = _insert_fields()
    records = list(map(list, map(itemgetter(*(field.attname for field in fields)), new)))
    ops = connection.ops
    adapters = {"DateField": ops.adapt_datefield_value, "DateTimeField": ops.adapt_datetimefield_value}
    for index, model_field in enumerate(fields):  # what bulk_create would convert: dates, to text on SQLite
        adapt = adapters.get(model_field.get_internal_type())
        if adapt is not None:
            adapted = {}  # the same few dates recur on every row (the import time, join dates)
            for record in records:
                value = record[index]
                if value not in adapted:
                    adapted[value] = adapt(value)
                record[index] = adapted[value]
    table = ops.quote_name(Member._meta.db_table)
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for record in records:
                    copy.write_row(record)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", records)  # noqa: S608
