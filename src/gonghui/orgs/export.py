"""The roster as .xlsx, in the same columns the importer reads, so an export imports back unchanged."""

from collections.abc import Iterable

from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.spreadsheets import write_xlsx

from .columns import ROSTER_COLUMNS, TEXT_FIELDS
from .models import Member

_TEXT_COLUMNS = {i for i, column in enumerate(ROSTER_COLUMNS) if column.field in TEXT_FIELDS}
_CHUNK = 2000


def _cell(member: Member, field: str, full: bool):
    if field == "enterprise":
        return member.enterprise.name if member.enterprise_id else ""
    if field == "id_number":
        return member.id_number if full else mask_id_number(member.id_number)
    if field == "phone":
        return member.phone if full or not member.phone else mask_phone(member.phone)
    display = getattr(member, f"get_{field}_display", None)
    value = display() if display else getattr(member, field)
    return "" if value is None else value


def _rows(members: Iterable[Member], full: bool, counter: list[int]):
    for member in members:
        counter[0] += 1
        yield [_cell(member, column.field, full) for column in ROSTER_COLUMNS]


def roster_xlsx(members, *, full: bool) -> tuple[bytes, int]:
    """(file, row count). Iterates in chunks so 100k members do not sit in memory as model instances."""
    counter = [0]
    content = write_xlsx(
        [c.header for c in ROSTER_COLUMNS],
        _rows(members.iterator(chunk_size=_CHUNK), full, counter),
        sheet_name="会员名册",
        text_columns=_TEXT_COLUMNS,
    )
    return content, counter[0]


def roster_template_xlsx() -> bytes:
    return write_xlsx(
        [c.header for c in ROSTER_COLUMNS], [], sheet_name="会员名册", text_columns=_TEXT_COLUMNS
    )
