"""Permission-matrix entries for the proposals app (see gonghui.core.tests.matrix).

Side "a": a term of union A whose representative (the proposer) is the `member` role's user, with one
proposal in each open state. Readers of union A's congress (chair, staff, auditor, town cadre) and the proposer
see them; a step someone may not take is refused with 403 in the API and a message (302) on the pages.
"""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.tests.matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, _all, _api, _api_only, _only

from ..models import Category, Cosigner, Proposal, ProposalStatus, Step
from .factories import congress

SEERS = ("member", "chair_a", "staff_a", "auditor_a", "cadre_a")
READERS = ("chair_a", "staff_a", "auditor_a", "cadre_a")
COMMITTEE = ("chair_a", "staff_a")


def _pk(key):
    return lambda o, s: {"pk": o[s][key].pk}


def _id(key):
    return lambda o, s: {"proposal_id": o[s][key].pk}


MATRIX: dict = {
    "proposal_list": ("GET", None, _all(OK)),
    "proposal_create": ("GET", None, {**_all(NOT_FOUND), "member": OK}),
    "proposal_detail": ("GET", _pk("proposal"), _only(OK, *SEERS)),
    "proposal_cosign": ("POST", _pk("proposal"), _only(FOUND, *SEERS)),
    "proposal_accept": ("POST", _pk("proposal"), _only(FOUND, *SEERS)),
    "proposal_convert": ("POST", _pk("proposal"), _only(FOUND, *SEERS)),
    "proposal_assign": ("POST", _pk("proposal_accepted"), _only(FOUND, *SEERS)),
    "proposal_answer": ("POST", _pk("proposal_assigned"), _only(FOUND, *SEERS)),
    "proposal_rate": ("POST", _pk("proposal_answered"), _only(FOUND, *SEERS)),
    "proposal_stats": ("GET", lambda o, s: {"session_pk": o[s]["proposal_session"].pk}, _only(OK, *READERS)),
    "proposal_stats_export": (
        "GET",
        lambda o, s: {"session_pk": o[s]["proposal_session"].pk},
        _only(OK, *READERS),
    ),
}


def _new_proposal(o, s):
    return {
        "session_id": o[s]["proposal_session"].pk,
        "title": "增设职工书屋",
        "category": "other",
        "body": "建议在宿舍区设职工书屋。",
        "cosigner_ids": o[s]["proposal_cosigner_ids"],
    }


API_MATRIX: dict = {
    "proposal_list": ("GET", None, None, _api(OK)),
    "proposal_create": ("POST", None, _new_proposal, {**_api(NOT_FOUND), "member": 201}),
    "proposal_detail": ("GET", _id("proposal"), None, _api_only(OK, *SEERS)),
    # The proposer cannot co-sign their own proposal (400); the others are no representatives (403).
    "proposal_cosign": (
        "POST",
        _id("proposal"),
        lambda o, s: {},
        {**_api_only(FORBIDDEN, *SEERS), "member": 400, "superuser": FORBIDDEN},
    ),
    "proposal_accept": (
        "POST",
        _id("proposal"),
        lambda o, s: {},
        _api_only(FORBIDDEN, *SEERS, chair_a=OK, staff_a=OK, superuser=OK),
    ),
    "proposal_convert": (
        "POST",
        _id("proposal"),
        lambda o, s: {"reason": "属个人诉求，转人事部门处理"},
        _api_only(FORBIDDEN, *SEERS, chair_a=OK, staff_a=OK, superuser=OK),
    ),
    "proposal_assign": (
        "POST",
        _id("proposal_accepted"),
        lambda o, s: {"department": "行政部", "handler_id": o[s]["proposal_handler"].pk},
        _api_only(FORBIDDEN, *SEERS, chair_a=OK, staff_a=OK, superuser=OK),
    ),
    # Only the handler answers, and the handler is none of the matrix roles.
    "proposal_answer": (
        "POST",
        _id("proposal_assigned"),
        lambda o, s: {"answer": "已安排"},
        _api_only(FORBIDDEN, *SEERS, superuser=FORBIDDEN),
    ),
    "proposal_rate": (
        "POST",
        _id("proposal_answered"),
        lambda o, s: {"rating": "satisfied"},
        _api_only(FORBIDDEN, *SEERS, member=OK, superuser=FORBIDDEN),
    ),
    "proposal_stats": (
        "GET",
        lambda o, s: {"session_id": o[s]["proposal_session"].pk},
        None,
        _api_only(OK, *READERS),
    ),
}
POST_DATA: dict = {}
BUSINESS_MODELS: list = [Proposal, Cosigner, Step]


def objects(tree, side, base) -> dict:
    # Rows written directly rather than through the services: this runs before each of ~2,000 matrix tests,
    # and the flow itself is tested in test_flow.py.
    # A past term: a current one would make the `member` role a representative in other apps' matrices.
    proposer = tree.member_user if side == "a" else None
    c = congress(base["union"], proposer_user=proposer, prefix=f"p{side}", current=False)
    deadline = timezone.localdate() + timedelta(days=30)
    states = [
        (ProposalStatus.SUBMITTED, {}),
        (ProposalStatus.ACCEPTED, {}),
        (ProposalStatus.ASSIGNED, {"department": "后勤部", "handler": c.handler, "deadline": deadline}),
        (ProposalStatus.ANSWERED, {"department": "后勤部", "handler": c.handler, "deadline": deadline}),
    ]
    proposals = [
        Proposal.objects.create(
            session=c.session,
            number=number,
            proposer=c.proposer,
            title=f"提案{number}",
            category=Category.LIVING,
            body="理由",
            status=status,
            **fields,
        )
        for number, (status, fields) in enumerate(states, start=1)
    ]
    Cosigner.objects.bulk_create(
        Cosigner(proposal=p, representative=r) for p in proposals for r in c.reps[:2]
    )
    return {
        "proposal": proposals[0],
        "proposal_accepted": proposals[1],
        "proposal_assigned": proposals[2],
        "proposal_answered": proposals[3],
        "proposal_session": c.session,
        "proposal_handler": c.handler,
        "proposal_cosigner_ids": [r.pk for r in c.reps[:2]],
    }
