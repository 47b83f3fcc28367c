"""JSON API for proposals: the same selectors and services as the pages."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gonghui.congress.models import Representative
from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate
from gonghui.core.errors import DomainError, NotFound

from . import selectors, services
from .models import Proposal
from .schemas import (
    AnswerIn,
    AssignIn,
    ConvertIn,
    ProposalCreate,
    ProposalDetailOut,
    ProposalFilters,
    ProposalOut,
    ProposalStatsOut,
    RateIn,
    proposal_out,
)

router = Router(tags=["提案"])


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_get(user=request.auth, pk=proposal_id)


def _detail(proposal: Proposal) -> dict:
    proposal.refresh_from_db()
    return proposal_out(proposal, timezone.localdate(), detail=True)


@router.get("/proposals", response={200: Page[ProposalOut], **ERRORS}, summary="提案列表")
def proposal_list(request, filters: Query[ProposalFilters], paging: Query[PageParams]):
    session = None
    if filters.session is not None:
        session = selectors.proposal_sessions(user=request.auth).filter(pk=filters.session).first()
        if session is None:
            raise NotFound(_("找不到 session 所指的会议，或您无权查看。"))
    proposals = selectors.proposal_list(
        user=request.auth,
        session=session,
        status=filters.status or "",
        category=filters.category or "",
        search=filters.search,
        overdue=filters.overdue,
    ).prefetch_related("cosigners__representative__member")
    page = paginate(request, proposals, paging)
    today = timezone.localdate()
    page["results"] = [proposal_out(p, today) for p in page["results"]]
    return page


@router.post("/proposals", response={201: ProposalDetailOut, **ERRORS}, summary="提交提案")
def proposal_create(request, payload: ProposalCreate):
    session = selectors.submittable_sessions(request.auth).filter(pk=payload.session_id).first()
    if session is None:
        raise NotFound(_("找不到 session_id 所指的会议，或您不是该届职工代表。"))
    cosigners = list(Representative.objects.filter(pk__in=payload.cosigner_ids, term_id=session.term_id))
    if len(cosigners) != len(set(payload.cosigner_ids)):
        raise DomainError(_("cosigner_ids：含有不是本届职工代表的 id。"), code="cosigner_ids")
    proposal = services.proposal_submit(
        actor=request.auth,
        session=session,
        title=payload.title,
        category=payload.category,
        body=payload.body,
        cosigners=cosigners,
    )
    return Status(201, _detail(proposal))


@router.get("/proposals/{proposal_id}", response={200: ProposalDetailOut, **ERRORS}, summary="提案详情")
def proposal_detail(request, proposal_id: Id):
    return proposal_out(_proposal(request, proposal_id), timezone.localdate(), detail=True)


@router.post("/proposals/{proposal_id}/cosign", response={200: ProposalDetailOut, **ERRORS}, summary="附议")
def proposal_cosign(request, proposal_id: Id):
    proposal = _proposal(request, proposal_id)
    services.proposal_cosign(actor=request.auth, proposal=proposal)
    return _detail(proposal)


@router.post("/proposals/{proposal_id}/accept", response={200: ProposalDetailOut, **ERRORS}, summary="立案")
def proposal_accept(request, proposal_id: Id):
    proposal = _proposal(request, proposal_id)
    return _detail(services.proposal_accept(actor=request.auth, proposal=proposal))


@router.post(
    "/proposals/{proposal_id}/convert", response={200: ProposalDetailOut, **ERRORS}, summary="转为意见建议"
)
def proposal_convert(request, proposal_id: Id, payload: ConvertIn):
    proposal = _proposal(request, proposal_id)
    return _detail(services.proposal_convert(actor=request.auth, proposal=proposal, reason=payload.reason))


@router.post("/proposals/{proposal_id}/assign", response={200: ProposalDetailOut, **ERRORS}, summary="交办")
def proposal_assign(request, proposal_id: Id, payload: AssignIn):
    proposal = _proposal(request, proposal_id)
    handler = selectors.handler_choices(selectors.node_of(proposal)).filter(pk=payload.handler_id).first()
    return _detail(
        services.proposal_assign(
            actor=request.auth,
            proposal=proposal,
            department=payload.department,
            handler=handler,
            deadline=payload.deadline,
        )
    )


@router.post("/proposals/{proposal_id}/answer", response={200: ProposalDetailOut, **ERRORS}, summary="答复")
def proposal_answer(request, proposal_id: Id, payload: AnswerIn):
    proposal = _proposal(request, proposal_id)
    return _detail(
        services.proposal_answer(
            actor=request.auth, proposal=proposal, answer=payload.answer, measures=payload.measures
        )
    )


@router.post("/proposals/{proposal_id}/rate", response={200: ProposalDetailOut, **ERRORS}, summary="评价答复")
def proposal_rate(request, proposal_id: Id, payload: RateIn):
    proposal = _proposal(request, proposal_id)
    return _detail(services.proposal_rate(actor=request.auth, proposal=proposal, rating=payload.rating))


@router.get(
    "/proposal-stats/{session_id}", response={200: ProposalStatsOut, **ERRORS}, summary="提案办理统计"
)
def proposal_stats(request, session_id: Id):
    session = selectors.session_get(user=request.auth, pk=session_id)
    stats = selectors.proposal_stats(session=session)
    return {
        "session_id": session.pk,
        "session": session.title,
        "counts": stats["counts"],
        "rates": [
            {
                "label": str(r.label),
                "formula": str(r.formula),
                "numerator": r.numerator,
                "denominator": r.denominator,
                "percent": r.percent,
            }
            for r in stats["rates"]
        ],
        "by_category": [{**row, "label": str(row["label"])} for row in stats["by_category"]],
    }
