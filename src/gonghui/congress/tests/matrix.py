"""Permission-matrix entries for the congress app (see gonghui.core.tests.matrix).

Each side's union gets a congress term with representatives, a planned session with an agenda item whose vote
is set up (draft), a standing committee and a democratic evaluation. Viewing is VIEW_CONGRESS (chair, staff,
auditor, town cadre); managing is MANAGE_CONGRESS (chair, staff). The term list and new-term pages work at the
user's own node, so union B's chair manages there too. The sign-in page for voting codes is public.
"""

from gonghui.core.tests.matrix import FOUND, NOT_FOUND, OK, _all, _api, _api_only, _only

from .. import services
from ..models import (
    AgendaItem,
    CheckIn,
    Committee,
    CommitteeMember,
    CommitteeRecord,
    EvaluatedCadre,
    Evaluation,
    Representative,
    Session,
    Term,
    VotingCode,
)
from .factories import build_congress

MANAGERS = ("chair_a", "staff_a")
VIEWERS = ("chair_a", "staff_a", "auditor_a", "cadre_a")

_view = _only(OK, *VIEWERS)
_manage_page = _only(OK, *MANAGERS)
_manage_post = _only(FOUND, *MANAGERS)


def _pk(name):
    return lambda o, s: {"pk": o[s][name].pk}


MATRIX: dict = {
    "congress_term_list": ("GET", None, _all(OK, member=NOT_FOUND)),
    "congress_term_create": ("GET", None, _only(OK, *MANAGERS, "chair_b", superuser=NOT_FOUND)),
    "congress_term_detail": ("GET", _pk("congress_term"), _view),
    "congress_representative_add": ("GET", _pk("congress_term"), _manage_page),
    "congress_representative_import": ("GET", _pk("congress_term"), _manage_page),
    "congress_representative_export": ("GET", _pk("congress_term"), _view),
    "congress_session_create": ("GET", _pk("congress_term"), _manage_page),
    "congress_committee_create": ("GET", _pk("congress_term"), _manage_page),
    "congress_representative_leave": ("POST", _pk("congress_rep"), _manage_post),
    "congress_session_detail": ("GET", _pk("congress_session"), _view),
    "congress_session_open": ("POST", _pk("congress_session"), _manage_post),
    "congress_session_close": ("POST", _pk("congress_session"), _manage_post),
    "congress_agenda_add": ("POST", _pk("congress_session"), _manage_post),
    "congress_checkin_desk": ("GET", _pk("congress_session"), _manage_page),
    "congress_checkin_manual": (
        "POST",
        lambda o, s: {"pk": o[s]["congress_session"].pk, "representative_pk": o[s]["congress_rep"].pk},
        _manage_post,
    ),
    "congress_session_quorum": ("GET", _pk("congress_session"), _view),
    "congress_codes_issue": ("GET", _pk("congress_session"), _manage_page),
    "congress_attendance_export": ("GET", _pk("congress_session"), _view),
    "congress_evaluation_create": ("GET", _pk("congress_session"), _manage_page),
    "congress_agenda_vote_setup": ("POST", _pk("congress_item"), _manage_post),
    "congress_vote_open": ("POST", _pk("congress_poll"), _manage_post),
    "congress_vote_close": ("POST", _pk("congress_poll"), _manage_post),
    "congress_committee_detail": ("GET", _pk("congress_committee"), _view),
    "congress_committee_member_add": ("POST", _pk("congress_committee"), _manage_post),
    "congress_committee_record_add": ("POST", _pk("congress_committee"), _manage_post),
    "congress_evaluation_result": ("GET", _pk("congress_evaluation"), _view),
    "checkin_code": ("GET", None, {**_all(OK), "anon": OK}),
}


def _id(key, name):
    return lambda o, s: {key: o[s][name].pk}


API_MATRIX: dict = {
    "congress_term_list": ("GET", None, None, _api(OK)),
    "congress_term_detail": ("GET", _id("term_id", "congress_term"), None, _api_only(OK, *VIEWERS)),
    "congress_representative_list": ("GET", _id("term_id", "congress_term"), None, _api_only(OK, *VIEWERS)),
    "congress_session_detail": ("GET", _id("session_id", "congress_session"), None, _api_only(OK, *VIEWERS)),
    "congress_session_quorum": ("GET", _id("session_id", "congress_session"), None, _api_only(OK, *VIEWERS)),
    "congress_evaluation_results": (
        "GET",
        _id("evaluation_id", "congress_evaluation"),
        None,
        # Not certified yet: those who may see it hear so (400); everyone else cannot tell it exists.
        _api_only(400, *VIEWERS),
    ),
}

POST_DATA: dict = {
    "congress_agenda_add": lambda o, s: {"title": "新议题", "kind": "other"},
    "congress_committee_record_add": lambda o, s: {"held_on": "2026-01-05", "title": "检查福利落实"},
    "congress_committee_member_add": lambda o, s: {"member": o[s]["member"].pk, "post": "委员"},
}

BUSINESS_MODELS: list = [
    Term,
    Representative,
    Session,
    AgendaItem,
    CheckIn,
    VotingCode,
    Committee,
    CommitteeMember,
    CommitteeRecord,
    Evaluation,
    EvaluatedCadre,
]


def objects(tree, side, base) -> dict:
    union, chair = base["union"], base["chair"]
    congress = build_congress(union)
    item = services.agenda_add(actor=chair, session=congress.session, title="职工福利方案")
    poll = services.agenda_vote_setup(actor=chair, item=item, tellers=congress.reps[:2])
    committee = services.committee_create(
        actor=chair, term=congress.term, name="劳动保护监督检查委员会", kind="committee"
    )
    evaluation = services.evaluation_create(
        actor=chair,
        session=congress.session,
        title="民主评议",
        cadres=[{"name": "王主席", "post": "工会主席"}],
        tellers=congress.reps[:2],
    )
    return {
        "congress_term": congress.term,
        "congress_rep": congress.reps[0],
        "congress_session": congress.session,
        "congress_item": services.agenda_add(actor=chair, session=congress.session, title="厂务公开报告"),
        "congress_poll": poll,
        "congress_committee": committee,
        "congress_evaluation": evaluation,
    }
