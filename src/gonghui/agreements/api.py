"""Agreements in the JSON API: read-only lists and details, their dated steps and current deadlines; the
federation's statistics (the five rates per kind, drill-down, lists) and the targets of its plan."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gonghui.core.api import ERRORS, Id, OrgRef, Page, PageParams, Strict, paginate, text
from gonghui.core.errors import DomainError
from gonghui.orgs.selectors import home_nodes, org_get

from . import selectors, services, stats
from .models import AgreementKind, AgreementTarget
from .roles import AgreementCap

router = Router(tags=["集体合同"])


class AgreementFilters(Schema):
    node: Id | None = None
    q: text(100) = ""
    status: text(20) = ""
    kind: text(30) = ""


class CoverageOut(Schema):
    enterprise_id: int
    enterprise: str
    worker_count: int
    women_worker_count: int


class AgreementOut(Schema):
    id: int
    title: str
    kind: str
    kind_name: str
    level: str
    node: OrgRef
    status: str
    status_name: str
    renews_id: int | None
    starts_on: date | None
    ends_on: date | None
    offered_on: date | None
    signed_on: date | None
    # Shanghai: the employer's receipt of the workers' written notice, which the filing period runs from.
    notice_received_on: date | None
    filing_due: date | None
    filing_due_provisional: bool = False  # an estimate: the year's holiday schedule is not known yet
    filed_on: date | None
    # The administration's receipt of the text, which the objection period runs from (null in Beijing,
    # where it runs from filing).
    received_on: date | None
    objection_due: date | None
    objection_due_provisional: bool = False
    effective_on: date | None
    published_on: date | None
    wage_increase_pct: Decimal | None
    minimum_wage: Decimal | None
    covered_workers: int
    women_covered: int


class DeadlineOut(Schema):
    code: str
    label: str
    due: date
    rule_id: str
    done_on: date | None
    overdue: bool
    provisional: bool  # an estimate: the year's holiday schedule is not known yet (shown as 预估)


class AgreementStepOut(Schema):
    kind: str
    kind_name: str
    on: date
    actor: str
    decision: str
    note: str


class AgreementDetailOut(AgreementOut):
    coverage: list[CoverageOut]
    deadlines: list[DeadlineOut]


def _out(agreement) -> dict:
    return {
        **{name: getattr(agreement, name) for name in AgreementOut.model_fields if hasattr(agreement, name)},
        "kind": agreement.kind.code,
        "kind_name": agreement.kind.name,
        "status_name": agreement.get_status_display(),
    }


def _deadlines(agreement) -> list[dict]:
    today = timezone.localdate()
    return [clock.as_dict(today) for clock in selectors.clocks(agreement)]


@router.get("/agreements", response={200: Page[AgreementOut], **ERRORS}, summary="集体合同列表")
def agreement_list(request, filters: Query[AgreementFilters], paging: Query[PageParams]):
    node = (
        org_get(user=request.auth, pk=filters.node, cap=AgreementCap.VIEW_AGREEMENTS)
        if filters.node
        else None
    )
    agreements = selectors.agreement_list(
        user=request.auth, node=node, search=filters.q, status=filters.status, kind=filters.kind
    )
    page = paginate(request, agreements, paging)
    page["results"] = [_out(a) for a in page["results"]]
    return page


@router.get(
    "/agreements/{agreement_id}", response={200: AgreementDetailOut, **ERRORS}, summary="集体合同详情"
)
def agreement_detail(request, agreement_id: Id):
    agreement = selectors.agreement_get(user=request.auth, pk=agreement_id)
    coverage = [
        {
            "enterprise_id": c.enterprise_id,
            "enterprise": c.enterprise.name,
            "worker_count": c.worker_count,
            "women_worker_count": c.women_worker_count,
        }
        for c in agreement.coverage.select_related("enterprise")
    ]
    return {**_out(agreement), "coverage": coverage, "deadlines": _deadlines(agreement)}


@router.get(
    "/agreements/{agreement_id}/steps", response={200: list[AgreementStepOut], **ERRORS}, summary="办理环节"
)
def agreement_steps(request, agreement_id: Id):
    agreement = selectors.agreement_get(user=request.auth, pk=agreement_id)
    return [
        {
            "kind": s.kind,
            "kind_name": s.get_kind_display(),
            "on": s.on,
            "actor": s.actor.get_username() if s.actor else "",
            "decision": s.decision,
            "note": s.note,
        }
        for s in agreement.steps.select_related("actor")
    ]


@router.get(
    "/agreements/{agreement_id}/deadlines", response={200: list[DeadlineOut], **ERRORS}, summary="当前期限"
)
def agreement_deadlines(request, agreement_id: Id):
    return _deadlines(selectors.agreement_get(user=request.auth, pk=agreement_id))


# --- Statistics and targets ---------------------------------------------------------------------------------


class StatsParams(Schema):
    node: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    scope: Literal["all", "unionised"] = "all"
    unit: Literal["enterprises", "workers"] = "enterprises"


class AgreementRateOut(Schema):
    indicator: str
    name: str
    numerator: int
    denominator: int
    percent: Decimal | None
    target: Decimal | None
    met: bool | None


class KindRatesOut(Schema):
    kind: str
    kind_name: str
    rates: list[AgreementRateOut]


class StatsRowOut(Schema):
    node: OrgRef | None = Field(description="下级组织；本级（直属企业、本级签订的合同）一行为 null")
    name: str
    enterprises: int
    workers: int
    kinds: list[KindRatesOut]


class FormulaOut(Schema):
    code: str
    name: str
    numerator: str
    denominator: str
    scope: str


class AgreementStatsOut(Schema):
    node: OrgRef
    year: int
    scope: str
    unit: str
    formulas: list[FormulaOut]
    total: StatsRowOut
    children: list[StatsRowOut]


class StatsListParams(Schema):
    node: Id | None = None
    list: Literal["enterprises", "expiring", "late", "without"] = "enterprises"
    scope: Literal["all", "unionised"] = "all"


class StatsEnterpriseOut(Schema):
    id: int
    name: str
    union: OrgRef | None
    worker_count: int
    kinds: list[str]


class StatsListOut(Schema):
    count: int
    enterprises: list[StatsEnterpriseOut]
    agreements: list[AgreementOut]


class TargetOut(Schema):
    id: int
    node: OrgRef
    year: int
    kind: str
    indicator: str
    indicator_name: str
    percent: Decimal


class TargetIn(Strict):
    node: Id
    year: int
    kind: text(30, 1)
    indicator: text(20, 1)
    percent: Decimal


def _stats_node(request, pk: int | None):
    """The node asked for, or the caller's first (highest) node, as the pages start from."""
    if pk:
        node = org_get(user=request.auth, pk=pk, cap=AgreementCap.VIEW_AGREEMENT_STATS)
    else:
        node = next(iter(home_nodes(request.auth)), None)
    return stats.stats_node(user=request.auth, node=node)


def _row_out(row, kinds) -> dict:
    return {
        "node": row.org,
        "name": row.label,
        "enterprises": row.enterprises,
        "workers": row.workers,
        "kinds": [
            {
                "kind": k.code,
                "kind_name": k.name,
                "rates": [
                    {
                        "indicator": f.code,
                        "name": str(f.name),
                        "numerator": (r := row.rates[k.pk][f.code]).numerator,
                        "denominator": r.denominator,
                        "percent": r.percent,
                        "target": r.target,
                        "met": r.met,
                    }
                    for f in stats.FORMULAS
                ],
            }
            for k in kinds
        ],
    }


@router.get("/agreement-stats", response={200: AgreementStatsOut, **ERRORS}, summary="集体合同统计（五率）")
def agreement_stats(request, params: Query[StatsParams]):
    node = _stats_node(request, params.node)
    options = stats.Options.parse(year=params.year, scope=params.scope, unit=params.unit)
    data = stats.node_stats(user=request.auth, node=node, options=options)
    return {
        "node": node,
        "year": options.year,
        "scope": options.scope,
        "unit": options.unit,
        "formulas": data.formulas,
        "total": _row_out(data.total, data.kinds),
        "children": [_row_out(row, data.kinds) for row in data.children],
    }


@router.get("/agreement-stats/lists", response={200: StatsListOut, **ERRORS}, summary="集体合同统计清单")
def agreement_stats_list(request, params: Query[StatsListParams], paging: Query[PageParams]):
    """enterprises: every enterprise in scope with the kinds in force; expiring: due to expire within 90 days;
    late: late filings; without: enterprises no agreement in force binds, with a union or without."""
    node = _stats_node(request, params.node)
    user = request.auth
    if params.list in ("expiring", "late"):
        chosen = stats.expiring_list if params.list == "expiring" else stats.late_filing_list
        page = paginate(request, chosen(user=user, node=node), paging)
        return {"count": page["count"], "enterprises": [], "agreements": [_out(a) for a in page["results"]]}
    if params.list == "without":
        enterprises = stats.without_agreement_list(user=user, node=node)
    else:
        options = stats.Options.parse(scope=params.scope)
        enterprises = stats.enterprise_kinds(user=user, node=node, options=options)
    page = paginate(request, enterprises, paging)
    kinds = stats.kinds_in_force(page["results"])
    return {
        "count": page["count"],
        "agreements": [],
        "enterprises": [
            {
                "id": e.pk,
                "name": e.name,
                "union": e.union,
                "worker_count": e.worker_count,
                "kinds": [k.code for k in kinds[e.pk]],
            }
            for e in page["results"]
        ],
    }


def _target_out(t) -> dict:
    return {
        "id": t.pk,
        "node": t.node,
        "year": t.year,
        "kind": t.kind.code,
        "indicator": t.indicator,
        "indicator_name": t.get_indicator_display(),
        "percent": t.percent,
    }


@router.get("/agreement-targets", response={200: list[TargetOut], **ERRORS}, summary="集体合同工作目标")
def agreement_target_list(request, node: Id | None = None, year: int | None = None):
    """The targets reaching the node: set on it or on its ancestors."""
    found = _stats_node(request, node)
    return [_target_out(t) for t in stats.target_list(user=request.auth, node=found, year=year)]


@router.put("/agreement-targets", response={200: TargetOut, **ERRORS}, summary="设定集体合同工作目标")
def agreement_target_put(request, payload: TargetIn):
    """Set the target for (node, year, kind, indicator): created if new, its figure changed otherwise. Needs
    the capability to run collective contracts on a federation node."""
    node = _stats_node(request, payload.node)
    kind = AgreementKind.objects.filter(code=payload.kind).first()
    if kind is None:
        raise DomainError(_("kind：未知的合同种类“%(code)s”。") % {"code": payload.kind}, code="kind")
    existing = AgreementTarget.objects.filter(
        node=node, year=payload.year, kind=kind, indicator=payload.indicator
    ).first()
    if existing is not None:
        target = services.target_update(actor=request.auth, target=existing, percent=payload.percent)
    else:
        target = services.target_create(
            actor=request.auth,
            node=node,
            year=payload.year,
            kind=kind,
            indicator=payload.indicator,
            percent=payload.percent,
        )
    return _target_out(target)
