"""API shapes for organisations, enterprises and members. Input schemas list only what a caller may set and
refuse anything else (422), so a posted `union`, `status` or `is_staff` can never slip through."""

from datetime import date
from typing import Annotated, Literal

from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from gonghui.core.api import Id, OrgRef, Strict, text
from gonghui.core.idnumber import mask_id_number, mask_phone
from gonghui.core.roles import Role
from gonghui.core.text import remove_whitespace, to_halfwidth

from .models import (
    Education,
    EmploymentForm,
    Enterprise,
    Industry,
    Member,
    MemberStatus,
    OrgCategory,
    OrgKind,
    Ownership,
    PoliticalStatus,
    Sex,
)
from .selectors import MEMBER_SORTS

MAX_COUNT = 2**31 - 1  # PositiveIntegerField's ceiling on every database


def _column(model: type[Model], field: str) -> int:
    return model._meta.get_field(field).max_length


# --- Output ---------------------------------------------------------------------------------------------


class OrgOut(Schema):
    id: int
    name: str
    code: str
    kind: OrgKind
    category: OrgCategory
    jurisdiction: str
    founded_on: date | None
    worker_count: int
    depth: int


class CountsOut(Schema):
    org: OrgRef
    unions: int = Field(description="基层工会数")
    enterprises: int = Field(description="企业数")
    unionised: int = Field(description="已建会企业数")
    workers: int = Field(description="企业职工数")
    women: int = Field(description="女职工数")
    members: int = Field(description="在会会员数")
    women_members: int = Field(description="在会女会员数")
    union_rate: float | None = Field(description="建会率（%）= 已建会企业 ÷ 企业；无企业时为 null")
    membership_rate: float | None = Field(description="入会率（%）= 在会会员 ÷ 企业职工；无职工时为 null")


class OverviewOut(Schema):
    node: OrgOut
    total: CountsOut
    children: list[CountsOut]


class EnterpriseRef(Schema):
    id: int
    name: str


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: Industry
    ownership: Ownership
    worker_count: int
    women_worker_count: int
    above_designated_size: bool  # 规模以上企业, as the statistics bureau lists it
    area: OrgRef
    union: OrgRef | None


class MemberOut(Schema):
    """ID number and phone are masked here, always; the API swaps in a full value only after logging it."""

    id: int
    name: str
    id_number: str = Field(
        description="身份证号，默认打码；有权限者可用 ?reveal=id_number 查看完整号码（记入日志）"
    )
    phone: str = Field(description="手机号，默认打码；?reveal=phone 查看完整号码（记入日志）")
    sex: Sex
    birth_date: date
    ethnicity: str
    education: str
    political_status: str
    union: OrgRef
    unit: OrgRef | None
    enterprise: EnterpriseRef | None
    department: str
    post: str
    employment_form: str
    joined_on: date | None
    status: MemberStatus

    @staticmethod
    def resolve_id_number(member: Member) -> str:
        return mask_id_number(member.id_number)

    @staticmethod
    def resolve_phone(member: Member) -> str:
        return mask_phone(member.phone) if member.phone else ""


class RoleOut(Schema):
    node: OrgRef
    role: Role
    role_label: str


class MeOut(Schema):
    username: str
    name: str
    current_node: OrgRef | None = Field(description="未指定 node 参数时各列表默认使用的组织")
    roles: list[RoleOut]
    member: MemberOut | None = Field(description="本人的会员记录（如有），证件号已打码")


class ImportCountsOut(Schema):
    rows: int
    new: int
    updated: int
    unchanged: int
    errors: int


class RowErrorOut(Schema):
    row: int = Field(description="出错的行号，与 Excel 显示的一致；0 表示整个文件的问题")
    column: str
    message: str
    name: str = Field("", description="该行的姓名（如有），便于找到此人")
    value: str = Field("", description="填写有误的值（过长时截断）")


class TransferCaseOut(Schema):
    row: int
    name: str
    id_number: str = Field(description="已打码")
    union: str = Field(description="此人现在所属的工会")


class ImportReportOut(Schema):
    counts: ImportCountsOut
    committed: bool = Field(
        description="是否已写入名册：只有请求了 commit 且文件没有任何错误时才写入，且全部写入"
    )
    errors: list[RowErrorOut]
    transfer_cases: list[TransferCaseOut] = Field(
        description="已是其他工会会员的人：须办理会员接转，不会被导入"
    )
    unknown_columns: list[str] = Field(description="无法识别、已忽略的列")


# --- Filters --------------------------------------------------------------------------------------------

NODE_HELP = "组织 id：只看该组织及其下级；默认是当前组织（会话中切换的组织，或第一个角色所在组织）"


class OrgFilters(Schema):
    node: Id | None = Field(None, description="组织 id：只看该组织及其下级；默认是您可见的全部组织")
    q: text(100) = Field("", description="名称包含")
    kind: OrgKind | None = None


class EnterpriseFilters(Schema):
    node: Id | None = Field(None, description=NODE_HELP)
    q: text(100) = Field("", description="名称包含，或统一社会信用代码开头")
    without_union: bool = Field(False, description="只看尚未建会的企业")


class MemberFilters(Schema):
    node: Id | None = Field(None, description=NODE_HELP)
    q: text(50) = Field("", description="姓名、拼音首字母，或身份证号/手机号的末几位")
    status: MemberStatus | None = None
    sex: Sex | None = None
    sort: Literal[tuple(MEMBER_SORTS)] = "name"


# --- Input ----------------------------------------------------------------------------------------------


def _phone(value: str) -> str:
    phone = remove_whitespace(to_halfwidth(value)).replace("-", "")
    if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise ValueError(_("手机号应为 1 开头的 11 位数字。"))
    return phone


Phone = Annotated[text(20), AfterValidator(_phone)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
# Codes arrive with spaces, hyphens and full-width characters; the services canonicalise and check them.
IdNumberText = text(40, 1)
CreditCodeText = text(40, 1)


class EnterpriseCreate(Strict):
    name: text(_column(Enterprise, "name"), 1)
    credit_code: CreditCodeText
    industry: Industry
    ownership: Ownership
    worker_count: Count = 0
    women_worker_count: Count = 0
    above_designated_size: bool = Field(False, description="规模以上企业（按统计部门认定）")
    area_id: Id = Field(description="所属区域（总工会）的组织 id")
    union_id: Id | None = Field(None, description="所属基层工会的组织 id；尚未建会则为 null")


class EnterpriseUpdate(Strict):
    """Send only what changes. `area` is fixed at registration; `union_id: null` records that it has none."""

    name: text(_column(Enterprise, "name"), 1) = None
    credit_code: CreditCodeText = None
    industry: Industry = None
    ownership: Ownership = None
    worker_count: Count = None
    women_worker_count: Count = None
    above_designated_size: bool = None
    union_id: Id | None = None


class MemberCreate(Strict):
    """Status starts as 在会; it changes through transfers and withdrawal, not through this form."""

    union_id: Id = Field(description="所属基层工会的组织 id")
    name: text(_column(Member, "name"), 1)
    id_number: IdNumberText
    sex: Sex | None = Field(None, description="可不填，按身份证号识别；填了则须与身份证号一致")
    birth_date: date | None = Field(None, description="可不填，按身份证号识别；填了则须与身份证号一致")
    phone: Phone = ""
    ethnicity: text(_column(Member, "ethnicity")) = ""
    education: Education | Literal[""] = ""
    political_status: PoliticalStatus | Literal[""] = ""
    enterprise_id: Id | None = Field(None, description="工作单位：本会所属企业的 id")
    unit_id: Id | None = Field(None, description="分会/班组：本会下级组织的 id")
    department: text(_column(Member, "department")) = ""
    post: text(_column(Member, "post")) = ""
    employment_form: EmploymentForm = EmploymentForm.REGULAR
    joined_on: date | None = None


class MemberUpdate(Strict):
    """Send only what changes. The union changes only through a transfer (会员接转)."""

    name: text(_column(Member, "name"), 1) = None
    id_number: IdNumberText = None
    sex: Sex | None = None
    birth_date: date | None = None
    phone: Phone = None
    ethnicity: text(_column(Member, "ethnicity")) = None
    education: Education | Literal[""] = None
    political_status: PoliticalStatus | Literal[""] = None
    enterprise_id: Id | None = None
    unit_id: Id | None = None
    department: text(_column(Member, "department")) = None
    post: text(_column(Member, "post")) = None
    employment_form: EmploymentForm = None
    joined_on: date | None = None
