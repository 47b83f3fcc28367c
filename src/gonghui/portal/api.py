"""JSON API for the member's own union: my home, my card, and joining online (the same selectors and services
as the pages)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate
from gonghui.core.errors import NotFound
from gonghui.core.registry import member_sections_for
from gonghui.orgs.cards import CARD_REFRESH, card_token, member_number
from gonghui.orgs.selectors import own_member

from . import selectors, services
from .schemas import (
    CardOut,
    DeclineIn,
    JoinApplicationFilters,
    JoinApplicationIn,
    JoinApplicationOut,
    MineOut,
    application_out,
)

router = Router(tags=["我的"])


def _member_out(member) -> dict:
    return {
        "id": member.pk,
        "name": member.name,
        "union": {"id": member.union_id, "name": member.union.name},
        "number": member_number(member),
        "status": member.status,
    }


@router.get("/mine", response={200: MineOut, **ERRORS}, summary="我的：会员信息和与我相关的事项")
def portal_mine(request):
    member = own_member(request.auth)
    sections = member_sections_for(request.auth, member) if member else []
    return {
        "member": _member_out(member) if member else None,
        "sections": [{"key": s.key, "title": str(s.title), "items": items} for s, items in sections],
    }


@router.get("/mine/card", response={200: CardOut, **ERRORS}, summary="电子会员卡（含签到用的二维码令牌）")
def portal_card(request):
    member = own_member(request.auth)
    if member is None:
        raise NotFound(_("您的账号尚未关联会员档案。"))
    return {
        **{k: v for k, v in _member_out(member).items() if k in ("name", "union", "number")},
        "token": card_token(member),
        "refresh_seconds": CARD_REFRESH,
    }


@router.get("/join-applications", response={200: Page[JoinApplicationOut], **ERRORS}, summary="入会申请列表")
def join_application_list(request, filters: Query[JoinApplicationFilters], paging: Query[PageParams]):
    applications = selectors.application_list(user=request.auth, status=filters.status or "")
    page = paginate(request, applications, paging)
    today = timezone.localdate()
    page["results"] = [application_out(a, today) for a in page["results"]]
    return page


@router.post("/join-applications", response={201: JoinApplicationOut, **ERRORS}, summary="提交入会申请")
def join_application_create(request, payload: JoinApplicationIn):
    union = selectors.join_unions().filter(pk=payload.union_id).first()
    if union is None:
        raise NotFound(_("找不到 union_id 所指的基层工会。"))
    application = services.join_apply(
        actor=request.auth,
        union=union,
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        employer=payload.employer,
        work_kind=payload.work_kind,
    )
    return Status(201, application_out(application, timezone.localdate()))


@router.get(
    "/join-applications/{application_id}",
    response={200: JoinApplicationOut, **ERRORS},
    summary="入会申请详情",
)
def join_application_detail(request, application_id: Id):
    application = selectors.application_get(user=request.auth, pk=application_id)
    return application_out(application, timezone.localdate())


@router.post(
    "/join-applications/{application_id}/accept",
    response={200: JoinApplicationOut, **ERRORS},
    summary="批准入会申请",
)
def join_application_accept(request, application_id: Id):
    application = selectors.application_get(user=request.auth, pk=application_id)
    application = services.join_accept(actor=request.auth, application=application)
    return application_out(application, timezone.localdate())


@router.post(
    "/join-applications/{application_id}/decline",
    response={200: JoinApplicationOut, **ERRORS},
    summary="不批准入会申请",
)
def join_application_decline(request, application_id: Id, payload: DeclineIn):
    application = selectors.application_get(user=request.auth, pk=application_id)
    application = services.join_decline(actor=request.auth, application=application, reason=payload.reason)
    return application_out(application, timezone.localdate())
