"""JSON API for plans: the same selectors and services as the pages."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate
from gonghui.core.errors import NotFound

from . import selectors, services
from .models import Plan, PlanItem
from .schemas import ItemIn, ItemOut, LinkIn, PlanDetailOut, PlanFilters, PlanOut

router = Router(tags=["年度工作计划"])


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "node": plan.node,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status,
        "version": plan.version,
        "adopted_on": plan.adopted_on,
    }


def _item_out(row: selectors.Row) -> dict:
    item, progress = row.item, row.progress or selectors.item_progress(row.item)
    return {
        "id": item.pk,
        "number": row.number,
        "level": item.level,
        "parent_id": item.parent_id,
        "title": item.title,
        "owner_kind": item.owner_kind,
        "owner_name": item.owner_name,
        "repeat": item.repeat,
        "provider": item.provider,
        "deadlines": [m.due for m in item.milestones.all()],
        "targets": [
            {"quantity": t.quantity, "quantity_unit": t.unit, "result": t.result} for t in item.targets.all()
        ],
        "progress": {
            "value": progress.value,
            "target": progress.target,
            "quantity_unit": progress.unit,
            "percent": progress.percent,
            "source": progress.source,
        },
    }


def _row(item: PlanItem) -> dict:
    row = next(r for r in selectors.numbered_items(item.plan, with_progress=True) if r.item.pk == item.pk)
    return _item_out(row)


@router.get("/plans", response={200: Page[PlanOut], **ERRORS}, summary="年度工作计划列表")
def plan_list(request, filters: Query[PlanFilters], paging: Query[PageParams]):
    plans = selectors.plan_list(user=request.auth, year=filters.year, search=filters.search)
    page = paginate(request, plans, paging)
    page["results"] = [_plan_out(p) for p in page["results"]]
    return page


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="计划详情（含条目和进度）")
def plan_detail(request, plan_id: Id):
    plan = selectors.plan_get(user=request.auth, pk=plan_id)
    return {
        **_plan_out(plan),
        "items": [_item_out(r) for r in selectors.numbered_items(plan, with_progress=True)],
    }


@router.post("/plans/{plan_id}/items", response={201: ItemOut, **ERRORS}, summary="添加计划条目")
def plan_item_add(request, plan_id: Id, payload: ItemIn):
    plan = selectors.plan_get(user=request.auth, pk=plan_id)
    parent = None
    if payload.parent_id is not None:
        parent = PlanItem.objects.filter(plan=plan, pk=payload.parent_id).first()
        if parent is None:
            raise NotFound(_("parent_id 所指的条目不在这份计划里。"))
    item = services.item_add(
        actor=request.auth,
        plan=plan,
        parent=parent,
        title=payload.title,
        owner_kind=payload.owner_kind or "",
        owner_name=payload.owner_name,
        repeat=payload.repeat,
        deadlines=payload.deadlines,
        targets=[{"quantity": str(t.quantity), "unit": t.quantity_unit} for t in payload.targets],
    )
    return Status(201, _row(item))


@router.post("/plans/items/{plan_item_id}/link", response={200: ItemOut, **ERRORS}, summary="关联进度来源")
def plan_item_link(request, plan_item_id: Id, payload: LinkIn):
    item = selectors.item_get(user=request.auth, pk=plan_item_id)
    item = services.item_link(
        actor=request.auth,
        item=item,
        provider=payload.provider,
        provider_params={"choice": payload.choice} if payload.choice else {},
    )
    return _row(item)
