"""Permission-matrix entries for the agreements app (see gonghui.core.tests.matrix).

The employer representative is not one of the matrix's ROLES; test_employer.py walks the same pages for one.
"""

from gonghui.agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTarget,
    Clause,
    ClauseComment,
    Coverage,
    Draft,
    Negotiator,
    Point,
    Step,
)
from gonghui.core.tests.matrix import (
    A_READERS,
    FOUND,
    NOT_FOUND,
    OK,
    _all,
    _api,
    _api_only,
    _only,
)

from .factories import new_agreement, walk

MANAGERS = ("chair_a", "staff_a")
AGREEMENT_READERS = _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)
# Statistics of the current node: every holder of view_agreement_stats sees their own node's.
STATS_READERS = ("chair_a", "staff_a", "cadre_a", "chair_b", "cadre_b")


def _pk(o, s):
    return {"pk": o[s]["agreement"].pk}


def _draft(o, s):
    return {"pk": o[s]["agreement"].pk, "number": 1}


MATRIX: dict = {
    "agreement_list": ("GET", None, AGREEMENT_READERS),
    "agreement_export": ("GET", None, AGREEMENT_READERS),
    "agreement_create": ("GET", None, _only(OK, *MANAGERS, "chair_b")),
    "agreement_kind_list": ("GET", None, _only(OK)),
    "agreement_stats": ("GET", None, _only(OK, *STATS_READERS)),
    "agreement_stats_export": ("GET", None, _only(OK, *STATS_READERS)),
    "agreement_target_list": ("GET", None, _only(OK, *STATS_READERS)),
    "employer_link_list": ("GET", None, _only(OK, *MANAGERS, "chair_b")),
    "agreement_detail": ("GET", _pk, _only(OK, *A_READERS)),
    "agreement_edit": ("GET", _pk, _only(OK, *MANAGERS)),
    "agreement_act": ("POST", lambda o, s: {**_pk(o, s), "action": "agree"}, _only(FOUND, *MANAGERS)),
    "negotiator_add": ("GET", _pk, _only(OK, *MANAGERS)),
    "negotiator_leave": ("POST", lambda o, s: {"pk": o[s]["negotiator"].pk}, _only(FOUND, *MANAGERS)),
    "meeting_add": ("GET", _pk, _only(OK, *MANAGERS)),
    "check_add": ("GET", _pk, _only(OK, *MANAGERS)),
    "draft_create": ("GET", _pk, _only(OK, *MANAGERS)),
    "draft_detail": ("GET", _draft, _only(OK, *A_READERS)),
    "draft_diff": ("GET", _draft, _only(OK, *A_READERS)),
    "clause_comment_add": ("POST", lambda o, s: {"pk": o[s]["clause"].pk}, _only(FOUND, *MANAGERS)),
    "point_add": ("POST", _pk, _only(FOUND, *MANAGERS)),
    "agreement_docx": ("GET", _pk, _only(OK, *MANAGERS)),
    # Negotiating: no filing form before the signature; the parties are sent back to the agreement.
    "filing_form_docx": ("GET", _pk, _only(FOUND, *MANAGERS)),
}

API_MATRIX: dict = {
    "agreement_list": ("GET", None, None, _api(OK)),
    "agreement_detail": (
        "GET",
        lambda o, s: {"agreement_id": o[s]["agreement"].pk},
        None,
        _api_only(OK, *A_READERS),
    ),
    "agreement_steps": (
        "GET",
        lambda o, s: {"agreement_id": o[s]["agreement"].pk},
        None,
        _api_only(OK, *A_READERS),
    ),
    "agreement_deadlines": (
        "GET",
        lambda o, s: {"agreement_id": o[s]["agreement"].pk},
        None,
        _api_only(OK, *A_READERS),
    ),
    "agreement_stats": ("GET", None, None, _api_only(OK, *STATS_READERS)),
    "agreement_stats_list": ("GET", None, None, _api_only(OK, *STATS_READERS)),
    "agreement_target_list": ("GET", None, None, _api_only(OK, *STATS_READERS)),
    # Targets are set on a federation by its cadres; union people do not reach the town at all.
    "agreement_target_put": (
        "PUT",
        None,
        lambda o, s: {
            "node": o[s]["area"].pk,
            "year": 2025,
            "kind": "wage",
            "indicator": "signing",
            "percent": 90,
        },
        _api_only(OK, "cadre_a"),
    ),
}
POST_DATA: dict = {}
BUSINESS_MODELS: list = [
    Agreement,
    Coverage,
    Step,
    Negotiator,
    Draft,
    Clause,
    ClauseComment,
    Point,
    AgreementTarget,
]


def objects(tree, side, base) -> dict:
    """An agreement in negotiation for each side, with its teams, a draft and a clause."""
    chair = base["chair"]
    agreement = walk(
        new_agreement(tree, union=base["union"], enterprise=base["enterprise"]),
        AgreementStatus.NEGOTIATING,
        actor=chair,
    )
    return {
        "agreement": agreement,
        "negotiator": agreement.negotiators.first(),
        "clause": Clause.objects.filter(draft__agreement=agreement).first(),
    }
