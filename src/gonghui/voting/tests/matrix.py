"""Permission-matrix entries for the voting app (see gonghui.core.tests.matrix).

Each side's union gets polls in every state, made by its chair, who is also the one teller needed. All active
members of the union are electors, so on side "a" the member role (member_user) votes. Who sees a poll: its
managers (MANAGE_POLLS), VIEW_CONGRESS holders (auditor, town cadre), electors and tellers. Managing pages are
for managers; the tellers' pages for tellers and managers; the voting booth only for an elector who has not
voted. Results: certified polls to everyone who sees the poll (V8, "no result while open", is tested in
voting/tests/test_views.py for every role).
"""

from gonghui.core.tests.matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, _all, _api, _api_only, _only
from gonghui.orgs.models import Member

from .. import services
from ..models import Ballot, Elector, PaperCount, Poll, Question, Teller, VoterMark
from .factories import shares_of

MANAGERS = ("chair_a", "staff_a")
SEE_POLL = ("member", "chair_a", "staff_a", "auditor_a", "cadre_a")

_manager_page = _only(OK, *MANAGERS)
_manager_post = _only(FOUND, *MANAGERS)
# Superusers and roles below town level run the pages at their own node: chair_b manages union B.
_managing_here = _only(OK, *MANAGERS, "chair_b")


def _pk(name):
    return lambda o, s: {"pk": o[s][name].pk}


MATRIX: dict = {
    "poll_list": ("GET", None, _managing_here),
    "poll_create": ("GET", None, _managing_here),
    "poll_question_row": ("GET", None, _managing_here),
    "poll_detail": ("GET", _pk("poll_open"), _only(OK, *SEE_POLL)),
    "poll_edit": ("GET", _pk("poll_draft"), _manager_page),
    "poll_electorate": ("GET", _pk("poll_draft"), _manager_page),
    "poll_tellers": ("GET", _pk("poll_draft"), _manager_page),
    # Opening answers with the tellers' key shares, shown once (never stored, so never behind a redirect).
    "poll_open": ("POST", _pk("poll_draft"), _only(OK, *MANAGERS)),
    "poll_close": ("POST", _pk("poll_open"), _manager_post),
    "poll_turnout": ("GET", _pk("poll_open"), _only(OK, *SEE_POLL)),
    "poll_tally": ("GET", _pk("poll_closed"), _manager_page),
    "poll_paper_issue": ("POST", _pk("poll_open"), _manager_post),
    "paper_count_confirm": (
        "POST",
        lambda o, s: {"pk": o[s]["poll_closed"].pk, "count_pk": o[s]["paper_count"].pk},
        _manager_post,
    ),
    "poll_confirm": ("POST", _pk("poll_closed"), _manager_post),
    "poll_result": ("GET", _pk("poll_certified"), _only(OK, *SEE_POLL)),
    "poll_report": ("GET", _pk("poll_certified"), _manager_page),
    "poll_vote": ("GET", _pk("poll_open"), _only(OK, "member", superuser=NOT_FOUND)),
    "receipt_check": ("GET", _pk("poll_open"), _only(OK, *SEE_POLL)),
    "my_polls": ("GET", None, _all(OK)),
}


def _poll_id(name):
    return lambda o, s: {"poll_id": o[s][name].pk}


API_MATRIX: dict = {
    "poll_list": ("GET", None, None, _api(OK)),
    "poll_detail": ("GET", _poll_id("poll_open"), None, _api_only(OK, *SEE_POLL)),
    "poll_turnout": ("GET", _poll_id("poll_open"), None, _api_only(OK, *SEE_POLL)),
    "poll_result": ("GET", _poll_id("poll_certified"), None, _api_only(OK, *SEE_POLL)),
    "ballot_cast": (
        "POST",
        _poll_id("poll_open"),
        lambda o, s: {"choices": {"1": "yes"}},
        # Those who see the poll but are not electors are refused (403); the rest do not see it (404).
        _api_only(FORBIDDEN, *SEE_POLL, member=201),
    ),
    "receipt_check": (
        "POST",
        _poll_id("poll_open"),
        lambda o, s: {"code": "AAAA-BBBB-CCCC-DDDD"},
        _api_only(OK, *SEE_POLL),
    ),
}

POST_DATA: dict = {}
BUSINESS_MODELS: list = [Poll, Question, Elector, Teller, PaperCount, VoterMark, Ballot]

QUESTIONS = [{"text": "审议通过《职工福利方案》", "form": "yes_no", "options": [], "seats": 1}]


def _poll(chair, union, title: str, *, opened: bool) -> Poll:
    poll = services.poll_create(actor=chair, node=union, title=title, questions=QUESTIONS, tellers_required=1)
    services.electorate_set(actor=chair, poll=poll, members=Member.objects.filter(union=union))
    services.tellers_set(actor=chair, poll=poll, users=[chair])
    if opened:
        poll = services.poll_open(actor=chair, poll=poll)
    return poll


def objects(tree, side, base) -> dict:
    chair, union = base["chair"], base["union"]
    voter = tree.member_user if side == "a" else None

    closed = _poll(chair, union, "已结束的表决", opened=True)
    services.paper_issue(actor=chair, poll=closed, member=Member.objects.filter(union=union).last())
    closed = services.poll_close(actor=chair, poll=closed, shares=shares_of(closed))
    paper_count = services.paper_count_enter(actor=chair, poll=closed, ballots=1, counts={1: {"yes": 1}})

    certified = _poll(chair, union, "已确认的表决", opened=True)
    if voter is not None:
        services.cast(voter=voter, poll=certified, choices={1: "yes"})
    certified = services.poll_close(actor=chair, poll=certified, shares=shares_of(certified))
    certified = services.tally_confirm(actor=chair, poll=certified)

    return {
        "poll_draft": _poll(chair, union, "准备中的表决", opened=False),
        "poll_open": _poll(chair, union, "投票中的表决", opened=True),
        "poll_closed": closed,
        "paper_count": paper_count,
        "poll_certified": certified,
    }
