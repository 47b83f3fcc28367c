"""JSON API for polls: the same selectors and services as the pages.

Casting is the hot path (800 electors within a minute): the operation hands the poll's key to `cast`, which
locks and re-reads the poll itself, so nothing is loaded here first. Visibility is checked only when `cast`
refuses, to answer 404 (not 403) to someone the poll is not shown to.
"""

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja import Query, Router, Status

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate
from gonghui.core.errors import NotFound, PermissionDenied
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap, home_nodes, org_get

from . import selectors, services
from .models import Poll
from .schemas import (
    BallotIn,
    PollDetailOut,
    PollFilters,
    PollOut,
    ReceiptCheckIn,
    ReceiptCheckOut,
    ReceiptOut,
    ResultOut,
    TurnoutOut,
)

router = Router(tags=["表决"])


def _list_node(request: HttpRequest, node_id: int | None) -> Org | None:
    """The requested node if the caller may see its polls (else 404); otherwise their first node that allows."""
    user = request.auth
    if node_id is not None:
        for cap in selectors.VIEW_CAPS:
            try:
                return org_get(user=user, pk=node_id, cap=cap)
            except NotFound:
                continue
        raise NotFound()
    session_node = request.node if request.user.pk == user.pk else None
    for node in ([session_node] if session_node else []) + home_nodes(user):
        if any(has_cap(user, cap, node) for cap in selectors.VIEW_CAPS):
            return node
    return None


@router.get("/polls", response={200: Page[PollOut], **ERRORS}, summary="表决列表")
def poll_list(request, filters: Query[PollFilters], paging: Query[PageParams]):
    node = _list_node(request, filters.node)
    if node is None:
        polls = Poll.objects.none()
    else:
        polls = selectors.poll_list(
            user=request.auth, node=node, status=filters.status or "", search=filters.q
        )
    return paginate(request, polls, paging)


@router.get("/polls/{poll_id}", response={200: PollDetailOut, **ERRORS}, summary="表决详情")
def poll_detail(request, poll_id: Id):
    return selectors.poll_get(user=request.auth, pk=poll_id)


@router.get(
    "/polls/{poll_id}/turnout",
    response={200: TurnoutOut, **ERRORS},
    summary="投票进度",
    description="只有人数，投票期间也可查看；任何票数在结束前都不公布。",
)
def poll_turnout(request, poll_id: Id):
    return selectors.turnout(selectors.poll_get(user=request.auth, pk=poll_id))


@router.get(
    "/polls/{poll_id}/result",
    response={200: ResultOut, **ERRORS},
    summary="表决结果",
    description="投票结束前对任何人都是 404。结束后计票人和组织者可见，确认后投票人和职代会查看者可见。",
)
def poll_result(request, poll_id: Id):
    poll = selectors.poll_get(user=request.auth, pk=poll_id)
    result = selectors.poll_result(user=request.auth, poll=poll)
    return {
        "poll_id": poll.pk,
        "status": result.poll.status,
        "certified": result.certified,
        "ballots": result.ballots,
        "weight": result.weight,
        "electorate_size": result.electorate_size,
        "electorate_weight": result.electorate_weight,
        "attendance": result.attendance,
        "weighted": result.weighted,
        "counts_shown": result.counts_shown,
        "fingerprint": result.poll.fingerprint,
        "questions": [
            {
                "position": q.question.position,
                "text": q.question.text,
                "counts": q.counts,
                "passed": q.passed,
                "elected": q.elected,
                "rates": q.rates,
                "reason": q.reason,
            }
            for q in result.questions
        ],
    }


@router.post(
    "/polls/{poll_id}/ballots",
    response={201: ReceiptOut, **ERRORS},
    summary="投票",
    description="每人一次：重复提交为 409；不在投票人名单中为 403。回执码只返回这一次。",
)
@sensitive_variables("payload", "receipt")
def ballot_cast(request, poll_id: Id, payload: BallotIn):
    try:
        receipt = services.cast(voter=request.auth, poll=Poll(pk=poll_id), choices=payload.choices)
    except PermissionDenied:
        selectors.poll_get(user=request.auth, pk=poll_id)  # NotFound for a poll the caller cannot see
        raise
    return Status(201, {"receipt": receipt})


@router.post(
    "/polls/{poll_id}/receipts/check",
    response={200: ReceiptCheckOut, **ERRORS},
    summary="查询回执",
    description="带有该回执码的选票是否已被计入；不返回选票内容。",
)
def receipt_check(request, poll_id: Id, payload: ReceiptCheckIn):
    poll = selectors.poll_get(user=request.auth, pk=poll_id)
    return {"counted": selectors.receipt_counted(poll=poll, code=payload.code)}
