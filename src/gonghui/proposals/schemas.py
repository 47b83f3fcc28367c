"""API shapes for proposals. Inputs list only what a caller may set; anything else is refused (422)."""

from datetime import date, datetime

from ninja import Field, Schema

from gonghui.core.api import Id, Strict, text

from .models import Category, Proposal, ProposalStatus, Rating


class ProposalStepOut(Schema):
    kind: str
    kind_display: str
    at: datetime
    actor: str
    note: str


class ProposalOut(Schema):
    id: int
    code: str
    session_id: int
    session: str
    title: str
    category: Category
    status: ProposalStatus
    proposer: str
    cosigners: list[str]
    department: str
    handler: str | None
    deadline: date | None
    deadline_provisional: bool = False  # counted on a year whose holiday schedule is not known yet (预估)
    overdue: bool
    rating: Rating | None
    returned: bool
    submitted_at: datetime
    closed_at: datetime | None


class ProposalDetailOut(ProposalOut):
    body: str
    conversion_reason: str
    answer: str
    measures: str
    steps: list[ProposalStepOut]


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def proposal_out(proposal: Proposal, today: date, *, detail: bool = False) -> dict:
    data = {
        "id": proposal.pk,
        "code": proposal.code,
        "session_id": proposal.session_id,
        "session": proposal.session.title,
        "title": proposal.title,
        "category": proposal.category,
        "status": proposal.status,
        "proposer": proposal.proposer.member.name,
        "cosigners": [c.representative.member.name for c in proposal.cosigners.all()],
        "department": proposal.department,
        "handler": _name(proposal.handler),
        "deadline": proposal.deadline,
        "deadline_provisional": proposal.deadline_provisional,
        "overdue": proposal.is_overdue(today),
        "rating": proposal.rating or None,
        "returned": proposal.returned,
        "submitted_at": proposal.submitted_at,
        "closed_at": proposal.closed_at,
    }
    if detail:
        data |= {
            "body": proposal.body,
            "conversion_reason": proposal.conversion_reason,
            "answer": proposal.answer,
            "measures": proposal.measures,
            "steps": [
                {
                    "kind": s.kind,
                    "kind_display": s.get_kind_display(),
                    "at": s.at,
                    "actor": _name(s.actor),
                    "note": s.note,
                }
                for s in proposal.steps.select_related("actor")
            ],
        }
    return data


class ProposalFilters(Schema):
    session: Id | None = Field(None, description="会议 id")
    status: ProposalStatus | None = None
    category: Category | None = None
    search: str = Field("", max_length=100, description="案由、提案人或承办部门")
    overdue: bool = Field(False, description="只列出逾期未答复的")


class ProposalCreate(Strict):
    session_id: Id
    title: text(200, 1)
    category: Category
    body: text(5000, 1)
    cosigner_ids: list[Id] = Field(description="附议代表（Representative）id")


class ConvertIn(Strict):
    reason: text(500, 1)


class AssignIn(Strict):
    department: text(100, 1)
    handler_id: Id = Field(description="承办人用户 id")
    deadline: date | None = Field(None, description="答复期限；不填按规则默认")


class AnswerIn(Strict):
    answer: text(5000, 1)
    measures: text(5000) = ""


class RateIn(Strict):
    rating: Rating


class ProposalRateOut(Schema):
    label: str
    formula: str
    numerator: int
    denominator: int
    percent: str


class CategoryCountsOut(Schema):
    category: str
    label: str
    submitted: int
    accepted: int
    converted: int
    pending: int
    answered: int
    on_time: int
    overdue: int
    rated: int
    satisfied: int
    basically: int
    unsatisfied: int
    closed: int


class ProposalStatsOut(Schema):
    session_id: int
    session: str
    counts: dict[str, int]
    rates: list[ProposalRateOut]
    by_category: list[CategoryCountsOut]
