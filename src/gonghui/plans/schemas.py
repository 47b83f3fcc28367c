"""API shapes for plans. Inputs list only what a caller may set; anything else is refused (422)."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from gonghui.core.api import Id, OrgRef, Strict, text

from .models import OwnerKind, PlanStatus, Repeat


class PlanFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    search: text(100) = ""


class PlanOut(Schema):
    id: int
    node: OrgRef
    year: int
    title: str
    status: PlanStatus
    version: int
    adopted_on: date | None


class PlanProgressOut(Schema):
    value: Decimal | None
    target: Decimal | None
    quantity_unit: str = Field(description="次、人次、名、%、元…")
    percent: int | None
    source: str


class PlanTargetOut(Schema):
    quantity: Decimal
    quantity_unit: str = Field(description="次、人次、名、%、元…")
    result: bool


class ItemOut(Schema):
    id: int
    number: str
    level: int
    parent_id: int | None
    title: str
    owner_kind: str
    owner_name: str
    repeat: str
    provider: str
    deadlines: list[date]
    targets: list[PlanTargetOut]
    progress: PlanProgressOut


class PlanDetailOut(PlanOut):
    items: list[ItemOut]


class PlanTargetIn(Strict):
    quantity: float = Field(ge=0, le=10**12)
    quantity_unit: text(10, 1) = Field(description="次、人次、名、%、元…")


class ItemIn(Strict):
    title: text(500, 1)
    parent_id: Id | None = None
    owner_kind: OwnerKind | None = None
    owner_name: text(100) = ""
    repeat: Repeat = Repeat.NONE
    deadlines: list[date] = Field(default_factory=list, max_length=50)
    targets: list[PlanTargetIn] = Field(default_factory=list, max_length=20)


class LinkIn(Strict):
    provider: text(60) = Field(description="进度来源的键，如 congress.sessions_held；空字符串取消关联")
    choice: text(20) = Field("", description="需要对照目标的来源（如 agreements.rate）所选的目标 id")
