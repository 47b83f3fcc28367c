"""JSON API for organisations, enterprises and members. Thin: the same selectors and services as the pages, so
a caller reaches exactly what they would see signed in, and every write is checked and logged the same way."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES, XLSX_CONTENT_TYPE
from gonghui.core.views import xlsx_response

from . import selectors, services
from .export import roster_xlsx
from .importing import roster_import
from .models import Enterprise, Member, Org, OrgKind
from .schemas import (
    EnterpriseCreate,
    EnterpriseFilters,
    EnterpriseOut,
    EnterpriseUpdate,
    ImportReportOut,
    MemberCreate,
    MemberFilters,
    MemberOut,
    MemberUpdate,
    MeOut,
    OrgFilters,
    OrgOut,
    OverviewOut,
)

router = Router()

XLSX_RESPONSE = {
    "description": "名册文件",
    "content": {XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
}


# --- Resolving what a request refers to -----------------------------------------------------------------


def _default_nodes(request: HttpRequest) -> list[Org]:
    """The node chosen in the browser session (if the session is the caller), then the caller's role nodes."""
    user = request.auth
    session_node = request.node if request.user.pk == user.pk else None
    return ([session_node] if session_node is not None else []) + selectors.home_nodes(user)


def _node(request: HttpRequest, node_id: int | None, cap: str) -> Org:
    """The subtree a list covers: the requested node if the caller holds `cap` there (else 404), otherwise the
    first default node where they do."""
    if node_id is not None:
        return selectors.org_get(user=request.auth, pk=node_id, cap=cap)
    for node in _default_nodes(request):
        if selectors.has_cap(request.auth, cap, node):
            return node
    raise NotFound()


def _referenced_org(request: HttpRequest, pk: int, field: str, cap: str = Cap.VIEW_OVERVIEW) -> Org:
    try:
        return selectors.org_get(user=request.auth, pk=pk, cap=cap)
    except NotFound as exc:
        raise NotFound(_("找不到 %(field)s 所指的组织，或您无权查看。") % {"field": field}) from exc


def _enterprise(request: HttpRequest, pk: int) -> Enterprise:
    """An enterprise anywhere in the caller's reach, whichever of their nodes it lies under."""
    for node in selectors.home_nodes(request.auth):
        try:
            return selectors.enterprise_get(user=request.auth, pk=pk, node=node)
        except NotFound:
            continue
    raise NotFound()


def _member_links(request: HttpRequest, fields: dict, union: Org) -> dict:
    """Turn enterprise_id / unit_id into objects of the member's own union (null clears the link)."""
    if "enterprise_id" in fields:
        enterprise_id = fields.pop("enterprise_id")
        fields["enterprise"] = _union_enterprise(request, union, enterprise_id) if enterprise_id else None
    if "unit_id" in fields:
        unit_id = fields.pop("unit_id")
        fields["unit"] = _union_unit(request, union, unit_id) if unit_id else None
    return fields


def _union_enterprise(request: HttpRequest, union: Org, pk: int) -> Enterprise:
    enterprises = selectors.enterprise_list(user=request.auth, node=union)
    enterprise = enterprises.filter(union=union, pk=pk).first()
    if enterprise is None:
        raise DomainError(
            _("enterprise_id：不是本会所属的企业。请先在企业信息中把它的所属工会设为本会。"),
            code="enterprise_id",
        )
    return enterprise


def _union_unit(request: HttpRequest, union: Org, pk: int) -> Org:
    units = selectors.org_list(user=request.auth, cap=Cap.VIEW_ROSTER, within=union).exclude(pk=union.pk)
    unit = units.filter(pk=pk).first()
    if unit is None:
        raise DomainError(_("unit_id：不是本会下属的分会或班组。"), code="unit_id")
    return unit


# --- Organisations ------------------------------------------------------------------------------------


@router.get("/orgs", response={200: Page[OrgOut], **ERRORS}, tags=["组织"], summary="组织列表")
def org_list(request, filters: Query[OrgFilters], paging: Query[PageParams]):
    within = _referenced_org(request, filters.node, "node") if filters.node is not None else None
    orgs = selectors.org_list(user=request.auth, within=within)
    if filters.q:
        orgs = orgs.filter(name__contains=filters.q)
    if filters.kind:
        orgs = orgs.filter(kind=filters.kind)
    return paginate(request, orgs, paging)


@router.get("/orgs/{org_id}", response={200: OrgOut, **ERRORS}, tags=["组织"], summary="组织详情")
def org_detail(request, org_id: Id):
    return selectors.org_get(user=request.auth, pk=org_id)


@router.get(
    "/orgs/{org_id}/overview",
    response={200: OverviewOut, **ERRORS},
    tags=["组织"],
    summary="统计概览",
    description="本组织及每个直属下级的工会数、企业数、职工数、会员数，以及建会率和入会率。",
)
def org_overview(request, org_id: Id):
    return selectors.overview(user=request.auth, node=selectors.org_get(user=request.auth, pk=org_id))


# --- Enterprises --------------------------------------------------------------------------------------


@router.get("/enterprises", response={200: Page[EnterpriseOut], **ERRORS}, tags=["企业"], summary="企业列表")
def enterprise_list(request, filters: Query[EnterpriseFilters], paging: Query[PageParams]):
    node = _node(request, filters.node, Cap.VIEW_OVERVIEW)
    enterprises = selectors.enterprise_list(user=request.auth, node=node, search=filters.q)
    if filters.without_union:
        enterprises = enterprises.filter(union__isnull=True)
    return paginate(request, enterprises, paging)


@router.get(
    "/enterprises/{enterprise_id}", response={200: EnterpriseOut, **ERRORS}, tags=["企业"], summary="企业详情"
)
def enterprise_detail(request, enterprise_id: Id):
    return _enterprise(request, enterprise_id)


@router.post("/enterprises", response={201: EnterpriseOut, **ERRORS}, tags=["企业"], summary="登记企业")
def enterprise_create(request, payload: EnterpriseCreate):
    area = _referenced_org(request, payload.area_id, "area_id")
    union = _referenced_org(request, payload.union_id, "union_id") if payload.union_id is not None else None
    fields = payload.model_dump(exclude={"area_id", "union_id"})
    return Status(201, services.enterprise_create(actor=request.auth, area=area, union=union, **fields))


@router.patch(
    "/enterprises/{enterprise_id}", response={200: EnterpriseOut, **ERRORS}, tags=["企业"], summary="修改企业"
)
def enterprise_update(request, enterprise_id: Id, payload: EnterpriseUpdate):
    enterprise = _enterprise(request, enterprise_id)
    fields = payload.model_dump(exclude_unset=True)
    if "union_id" in fields:
        union_id = fields.pop("union_id")
        fields["union"] = _referenced_org(request, union_id, "union_id") if union_id is not None else None
    return services.enterprise_update(actor=request.auth, enterprise=enterprise, **fields)


# --- Members ------------------------------------------------------------------------------------------


def _members(request, filters: MemberFilters, cap: str) -> tuple[Org, object]:
    node = _node(request, filters.node, cap)
    members = selectors.member_list(
        user=request.auth,
        node=node,
        search=filters.q,
        status=filters.status or "",
        sex=filters.sex or "",
        sort=filters.sort,
    )
    return node, members


@router.get(
    "/members",
    response={200: Page[MemberOut], **ERRORS},
    tags=["会员"],
    summary="会员名册",
    description="筛选与名册页相同。列表中的身份证号和手机号一律打码。",
)
def member_list(request, filters: Query[MemberFilters], paging: Query[PageParams]):
    _, members = _members(request, filters, Cap.VIEW_ROSTER)
    return paginate(request, members.select_related("unit"), paging)


@router.get(
    "/members/export",
    response=ERRORS,
    tags=["会员"],
    summary="导出名册（.xlsx）",
    description="按筛选条件导出，列与导入模板相同。full=true 导出完整身份证号和手机号，"
    "须有查看完整身份证号的权限。每次导出都记入操作日志。",
    openapi_extra={"responses": {200: XLSX_RESPONSE}},
)
def member_export(request, filters: Query[MemberFilters], full: bool = False):
    node, members = _members(request, filters, Cap.EXPORT_ROSTER)
    if full:
        require(
            selectors.has_cap(request.auth, Cap.VIEW_FULL_PII, node), _("您无权导出完整的身份证号和手机号。")
        )
    content, count = roster_xlsx(members, full=full)
    services.roster_exported(actor=request.auth, node=node, count=count, full=full)
    response = xlsx_response(content, f"roster-{node.code}-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/members/{member_id}",
    response={200: MemberOut, **ERRORS},
    tags=["会员"],
    summary="会员详情",
    description="身份证号和手机号默认打码。reveal=id_number 或 reveal=phone 返回完整值，"
    "须有查看完整身份证号的权限（本人除外），每次查看都记入操作日志。",
)
def member_detail(
    request,
    response: HttpResponse,
    member_id: Id,
    reveal: Query[list[Literal["id_number", "phone"]]] = None,
):
    member = selectors.member_get(user=request.auth, pk=member_id)
    full = {
        field: services.member_reveal(actor=request.auth, member=member, field=field)
        for field in reveal or []
    }
    if full:
        response["Cache-Control"] = "no-store"
    return MemberOut.from_orm(member).model_copy(update=full)


@router.post(
    "/members",
    response={201: MemberOut, **ERRORS},
    tags=["会员"],
    summary="登记会员",
    description="会员登记在 union_id 所指的基层工会。"
    "已是其他工会会员的人须办理会员接转（409 transfer_case）。",
)
def member_create(request, payload: MemberCreate):
    union = _referenced_org(request, payload.union_id, "union_id", cap=Cap.VIEW_ROSTER)
    if union.kind != OrgKind.UNION:
        raise DomainError(
            _("union_id：会员只能登记在基层工会，“%(name)s”不是基层工会。") % {"name": union.name},
            code="union_id",
        )
    fields = _member_links(request, payload.model_dump(exclude={"union_id"}), union)
    return Status(201, services.member_create(actor=request.auth, union=union, **fields))


@router.patch("/members/{member_id}", response={200: MemberOut, **ERRORS}, tags=["会员"], summary="修改会员")
def member_update(request, member_id: Id, payload: MemberUpdate):
    member: Member = selectors.member_get(user=request.auth, pk=member_id)
    fields = _member_links(request, payload.model_dump(exclude_unset=True), member.union)
    return services.member_update(actor=request.auth, member=member, **fields)


# --- Import -------------------------------------------------------------------------------------------


@router.post(
    "/imports",
    response={200: ImportReportOut, **ERRORS},
    tags=["名册导入"],
    summary="导入名册",
    description="上传 .xlsx/.xls/.csv 名册并逐行校验。"
    "commit=true 且没有任何错误时全部写入，否则一行也不写入；按身份证号更新已有会员。",
)
def import_roster(request, file: File[UploadedFile], union_id: Form[Id], commit: Form[bool] = False):
    union = _referenced_org(request, union_id, "union_id", cap=Cap.VIEW_ROSTER)
    # One byte past the limit is enough for the reader to refuse the file with its own message; never more.
    data = file.read(MAX_UPLOAD_BYTES + 1)
    report = roster_import(
        actor=request.auth, union=union, data=data, filename=file.name or "", commit=commit
    )
    return report.to_dict()


# --- The caller ---------------------------------------------------------------------------------------


@router.get(
    "/me",
    response={200: MeOut, **ERRORS},
    tags=["本人"],
    summary="当前用户",
    description="调用者的角色、列表默认使用的组织，以及本人的会员记录（已打码）。",
)
def me(request):
    user = request.auth
    defaults = _default_nodes(request)
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "current_node": defaults[0] if defaults else None,
        "roles": [
            {"node": a.node, "role": a.role, "role_label": a.get_role_display()}
            for a in selectors.role_assignments(user)
        ],
        "member": selectors.own_member(user),
    }
