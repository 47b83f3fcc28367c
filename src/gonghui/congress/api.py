"""JSON API of workers' congresses: read-only views of terms, representatives, sessions, the live quorum and
evaluation results, through the same scoped selectors as the pages."""

from datetime import date

from ninja import Field, Query, Router, Schema

from gonghui.core.api import ERRORS, Id, OrgRef, Page, PageParams, paginate, text
from gonghui.core.calendar import estimated
from gonghui.orgs.selectors import org_get

from . import selectors
from .models import Evaluation
from .roles import CongressCap

router = Router(tags=["职代会"])


class TermFilters(Schema):
    node: Id | None = Field(None, description="组织 id：只看该组织及其下级；默认是您可见的全部")
    q: text(100) = Field("", description="工会名称包含")


class TermOut(Schema):
    id: int
    node: OrgRef
    kind: str
    number: int
    starts_on: date
    ends_on: date
    worker_count: int
    women_worker_count: int
    manager_count: int
    seats_planned: int


class CompositionOut(Schema):
    total: int
    seats_required: int
    women: int
    managers: int
    frontline: int
    teachers: int
    warnings: list[str]


class TermDetailOut(TermOut):
    composition: CompositionOut
    session_overdue_since: date | None
    # The due day falls in a year whose holiday schedule is not known yet: an estimate (预估).
    session_overdue_provisional: bool = False


class RepresentativeOut(Schema):
    id: int
    member_id: int
    name: str = Field(alias="member.name")
    constituency: str
    is_manager: bool
    is_frontline: bool
    is_teacher: bool
    status: str
    elected_on: date
    left_on: date | None


class RepresentativeFilters(Schema):
    q: text(50) = Field("", description="姓名或选区包含")
    status: str = Field("", description="active 在任 / left 已离任")


class AgendaItemOut(Schema):
    position: int
    title: str
    kind: str
    poll_id: int | None


class SessionOut(Schema):
    id: int
    term_id: int
    number: int
    title: str
    held_on: date
    status: str
    agenda: list[AgendaItemOut]


class QuorumOut(Schema):
    present: int = Field(description="实到")
    expected: int = Field(description="应到（在任代表）")
    needed: int = Field(description="开会须到人数（三分之二）")
    reached: bool


class CadreResultOut(Schema):
    name: str
    post: str
    ballots: int
    counts: dict[str, int] | None = Field(description="各等次票数；少于最少公布人数时为 null")
    rates: dict[str, float] = Field(description="优秀率、称职以上率、不称职率（%）")


@router.get("/congress/terms", response={200: Page[TermOut], **ERRORS}, summary="职代会届次列表")
def congress_term_list(request, filters: Query[TermFilters], paging: Query[PageParams]):
    node = (
        org_get(user=request.auth, pk=filters.node, cap=CongressCap.VIEW_CONGRESS) if filters.node else None
    )
    return paginate(request, selectors.term_list(user=request.auth, node=node, search=filters.q), paging)


@router.get(
    "/congress/terms/{term_id}", response={200: TermDetailOut, **ERRORS}, summary="届次详情与代表构成"
)
def congress_term_detail(request, term_id: Id):
    term = selectors.term_get(user=request.auth, pk=term_id)
    term.composition = selectors.composition(term)
    term.session_overdue_since = selectors.session_overdue(term)
    term.session_overdue_provisional = bool(
        term.session_overdue_since and estimated(term.session_overdue_since)
    )
    return term


@router.get(
    "/congress/terms/{term_id}/representatives",
    response={200: Page[RepresentativeOut], **ERRORS},
    summary="代表名单",
)
def congress_representative_list(
    request, term_id: Id, filters: Query[RepresentativeFilters], paging: Query[PageParams]
):
    term = selectors.term_get(user=request.auth, pk=term_id)
    representatives = selectors.representative_list(term=term, search=filters.q, status=filters.status)
    return paginate(request, representatives, paging)


@router.get("/congress/sessions/{session_id}", response={200: SessionOut, **ERRORS}, summary="会议与议程")
def congress_session_detail(request, session_id: Id):
    session = selectors.session_get(user=request.auth, pk=session_id)
    return SessionOut(
        id=session.pk,
        term_id=session.term_id,
        number=session.number,
        title=session.title,
        held_on=session.held_on,
        status=session.status,
        agenda=[AgendaItemOut.model_validate(item, from_attributes=True) for item in session.agenda.all()],
    )


@router.get(
    "/congress/sessions/{session_id}/quorum",
    response={200: QuorumOut, **ERRORS},
    summary="签到人数（实到/应到）",
)
def congress_session_quorum(request, session_id: Id):
    quorum = selectors.quorum(selectors.session_get(user=request.auth, pk=session_id))
    return {
        "present": quorum.present,
        "expected": quorum.expected,
        "needed": quorum.needed,
        "reached": quorum.reached,
    }


@router.get(
    "/congress/evaluations/{evaluation_id}/results",
    response={200: list[CadreResultOut], **ERRORS},
    summary="民主评议结果",
    description="计票人确认后公布；查看职代会的角色可见全部，被评议人只见本人。",
)
def congress_evaluation_results(request, evaluation_id: Id):
    evaluation: Evaluation = selectors.evaluation_get(user=request.auth, pk=evaluation_id)
    return [
        {
            "name": r.cadre.name,
            "post": r.cadre.post,
            "ballots": r.ballots,
            "counts": r.counts,
            "rates": r.rates,
        }
        for r in selectors.evaluation_results(user=request.auth, evaluation=evaluation)
    ]
