"""The roster as .xlsx, in the same columns the importer reads, so an export imports back unchanged."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.spreadsheets import write_xlsx

from .columns import ROSTER_COLUMNS, SAMPLE_MARK, TEXT_FIELDS
from .models import Education, EmploymentForm, Member, MemberStatus, PoliticalStatus, Sex

_TEXT_COLUMNS = {i for i, column in enumerate(ROSTER_COLUMNS) if column.field in TEXT_FIELDS}
_CHUNK = 2000
SAMPLE_DATE = date(2020, 5, 1)


def _cell(member: Member, field: str, full: bool):
    if field == "enterprise":
        return member.enterprise.name if member.enterprise_id else ""
    if field == "unit":
        return member.unit.name if member.unit_id else ""
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


def _choices(model_field: str) -> str:
    return "/".join(str(label) for _value, label in Member._meta.get_field(model_field).choices)


def _template_hints() -> dict[str, str]:
    """What each column takes, written in brackets after the header: the importer reads "出生日期（…）" as
    出生日期 (importing.cells strips bracketed notes), so the template imports as it is."""
    date_hint = _("格式如 %(example)s") % {"example": SAMPLE_DATE.isoformat()}
    return {
        "name": _("必填"),
        "id_number": _("必填，18位"),
        "sex": "/".join(str(label) for _value, label in Sex.choices) + _("，可不填，以身份证号为准"),
        "birth_date": date_hint + _("，可不填，以身份证号为准"),
        "phone": _("11位手机号"),
        "education": _choices("education"),
        "political_status": _choices("political_status"),
        "enterprise": _("须与“企业”中登记的名称一致"),
        "unit": _("本工会分会或班组的名称或代码，可不填"),
        "employment_form": _choices("employment_form") + _("，不填为正式职工"),
        "joined_on": date_hint,
        "status": "/".join(
            str(label) for value, label in MemberStatus.choices if value != MemberStatus.TRANSFERRED
        )
        + _("，不填为在会"),
    }


def roster_template_xlsx() -> bytes:
    """The headers with what each column takes, and one sample row the importer skips (SAMPLE_MARK)."""
    hints = _template_hints()
    headers = [f"{c.header}（{hints[c.field]}）" if c.field in hints else c.header for c in ROSTER_COLUMNS]
    sample = {
        "name": SAMPLE_MARK + "王小丫",
        "id_number": "11010519491231002X",
        "sex": str(Sex.FEMALE.label),
        "birth_date": "1949-12-31",
        "phone": "13800138000",
        "ethnicity": "汉族",
        "education": str(Education.BACHELOR.label),
        "political_status": str(PoliticalStatus.MASSES.label),
        "department": "财务部",
        "post": "会计",
        "employment_form": str(EmploymentForm.REGULAR.label),
        "joined_on": SAMPLE_DATE.isoformat(),
        "status": str(MemberStatus.ACTIVE.label),
    }
    return write_xlsx(
        headers,
        [[sample.get(c.field, "") for c in ROSTER_COLUMNS]],
        sheet_name="会员名册",
        text_columns=_TEXT_COLUMNS,
    )
