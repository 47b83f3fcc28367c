"""API shapes for the member portal. Inputs list only what a caller may set; anything else is refused (422)."""

from datetime import date, datetime

from ninja import Schema

from gonghui.core.api import Id, OrgRef, Strict, text
from gonghui.core.idnumber import mask_id_number, mask_phone

from .models import ApplicationStatus, JoinApplication, WorkKind


class SectionItemOut(Schema):
    title: str
    url: str
    detail: str
    when: date | None
    urgent: bool


class SectionOut(Schema):
    key: str
    title: str
    items: list[SectionItemOut]


class MyMemberOut(Schema):
    id: int
    name: str
    union: OrgRef
    number: str
    status: str


class MineOut(Schema):
    member: MyMemberOut | None
    sections: list[SectionOut]


class CardOut(Schema):
    name: str
    union: OrgRef
    number: str
    token: str
    refresh_seconds: int


class JoinApplicationIn(Strict):
    union_id: Id
    name: text(50, 1)
    id_number: text(18, 1)
    phone: text(11, 1)
    employer: text(100, 1)
    work_kind: WorkKind


class DeclineIn(Strict):
    reason: text(200, 1)


class JoinApplicationFilters(Schema):
    status: ApplicationStatus | None = None


class JoinApplicationOut(Schema):
    id: int
    union: OrgRef
    name: str
    id_number: str  # masked: 3301**********1234
    phone: str  # masked
    employer: str
    work_kind: WorkKind
    status: ApplicationStatus
    submitted_at: datetime
    deadline: date
    overdue: bool
    reason: str
    member_id: int | None


def application_out(application: JoinApplication, today: date) -> dict:
    return {
        "id": application.pk,
        "union": {"id": application.union_id, "name": application.union.name},
        "name": application.name,
        "id_number": mask_id_number(application.id_number),
        "phone": mask_phone(application.phone),
        "employer": application.employer,
        "work_kind": application.work_kind,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "deadline": application.deadline,
        "overdue": application.is_overdue(today),
        "reason": application.reason,
        "member_id": application.member_id,
    }
