"""Shapes of the activities API."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from gonghui.core.api import OrgRef, Strict, text


class ActivityFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    search: text(50) = ""


class ActivityOut(Schema):
    id: int
    node: OrgRef
    kind: str
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    organisers: str
    co_organisers: str
    audience: str
    capacity: int | None
    signup_opens: datetime | None
    signup_closes: datetime | None
    is_training: bool
    hours: Decimal
    cost: Decimal
    area_wide: bool


class ActivityDetailOut(ActivityOut):
    enrolled: int
    waiting: int
    attended: int
    my_status: str | None = Field(None, description="enrolled / waiting / None")
    my_checked_in: bool = False


class EnrolmentOut(Schema):
    activity_id: int
    status: str


class CheckinIn(Strict):
    code: text(300, min_length=1)


class CardCheckinIn(Strict):
    token: text(300, min_length=1) = Field(description="电子会员卡二维码的内容（扫码枪或手机扫码所得）")


class MemberRef(Schema):
    id: int
    name: str


class CardAttendanceOut(Schema):
    activity_id: int
    member: MemberRef
    at: datetime
    hours: Decimal


class AttendanceOut(Schema):
    activity_id: int
    at: datetime
    hours: Decimal


def activity_out(activity) -> dict:
    return {
        **{f: getattr(activity, f) for f in ActivityOut.model_fields if f not in ("node", "kind")},
        "node": {"id": activity.node_id, "name": activity.node.name},
        "kind": activity.kind.name,
    }
