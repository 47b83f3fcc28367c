"""Permission-matrix entries for plans (see gonghui.core.tests.matrix).

Side "a": union A's draft plan for 2026 with a dated item, a monthly item and an old version. Union A's chair,
staff and auditor and town A's cadre read it (PlanCap.VIEW_PLANS); everyone else gets 404. A step a reader may
not take (the auditor) comes back as a message on the page (302), as do refused steps of the managers.
"""

from datetime import date

from gonghui.core.tests.matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, _all, _api, _api_only, _only
from gonghui.meetings.models import CommitteeMeeting

from ..models import Milestone, Occurrence, Plan, PlanItem, PlanVersion, ProgressNote, Repeat, Target

SEERS = ("chair_a", "staff_a", "auditor_a", "cadre_a")
MANAGERS = ("chair_a", "staff_a", "cadre_a")


def _pk(key):
    return lambda o, s: {"pk": o[s][key].pk}


MATRIX: dict = {
    "plan_list": ("GET", None, _all(OK)),
    "plan_create": ("GET", None, {**_all(OK), "member": NOT_FOUND, "auditor_a": NOT_FOUND}),
    "plan_import": ("GET", None, {**_all(OK), "member": NOT_FOUND, "auditor_a": NOT_FOUND}),
    # No import waits in a fresh session: a manager is sent back to the upload step with a message.
    "plan_import_review": (
        "GET",
        None,
        {**_all(FOUND), "member": NOT_FOUND, "auditor_a": NOT_FOUND},
    ),
    "plan_detail": ("GET", _pk("plan"), _only(OK, *SEERS)),
    "plan_export": ("GET", _pk("plan"), _only(OK, *SEERS)),
    "plan_summary": ("GET", _pk("plan"), _only(OK, *SEERS)),
    "plan_item_add": ("POST", _pk("plan"), _only(FOUND, *SEERS)),
    "plan_adopt": ("POST", _pk("plan"), _only(FOUND, *SEERS)),
    "plan_start": ("POST", _pk("plan"), _only(FOUND, *SEERS)),
    "plan_close": ("POST", _pk("plan"), _only(FOUND, *SEERS)),
    "plan_new_version": ("POST", _pk("plan"), _only(FOUND, *SEERS)),
    "plan_version": ("GET", lambda o, s: {"pk": o[s]["plan"].pk, "number": 1}, _only(OK, *SEERS)),
    "plan_item_edit": ("GET", _pk("plan_item"), _only(OK, *SEERS)),
    "plan_note_add": ("POST", _pk("plan_item"), _only(FOUND, *SEERS)),
    "plan_item_cascade": ("POST", _pk("plan_item"), _only(FOUND, *SEERS)),
    "plan_board": ("GET", _pk("plan_item"), _only(OK, *SEERS)),
    "plan_occurrence_tick": ("POST", _pk("plan_occurrence"), _only(FOUND, *SEERS)),
    "plan_milestone_done": ("POST", _pk("plan_milestone"), _only(FOUND, *SEERS)),
}

API_MATRIX: dict = {
    "plan_list": ("GET", None, None, _api(OK)),
    "plan_detail": ("GET", lambda o, s: {"plan_id": o[s]["plan"].pk}, None, _api_only(OK, *SEERS)),
    "plan_item_add": (
        "POST",
        lambda o, s: {"plan_id": o[s]["plan"].pk},
        lambda o, s: {"title": "组织职工读书活动", "deadlines": ["2026-04-23"]},
        _api_only(201, *MANAGERS, auditor_a=FORBIDDEN),
    ),
    "plan_item_link": (
        "POST",
        lambda o, s: {"plan_item_id": o[s]["plan_item"].pk},
        lambda o, s: {"provider": "congress.sessions_held"},
        _api_only(OK, *MANAGERS, auditor_a=FORBIDDEN),
    ),
}
POST_DATA: dict = {}
BUSINESS_MODELS: list = [
    Plan,
    PlanItem,
    Milestone,
    Occurrence,
    Target,
    ProgressNote,
    PlanVersion,
    CommitteeMeeting,
]


def objects(tree, side, base) -> dict:
    # Rows written directly: this runs before each of the matrix tests; the services are tested in test_services.
    union = base["union"]
    plan = Plan.objects.create(
        node=union, year=2026, title=f"{union.name}2026年工作计划", created_by=base["chair"]
    )
    item = PlanItem.objects.create(plan=plan, level=1, position=1, title="召开职工代表大会")
    milestone = Milestone.objects.create(item=item, due=date(2026, 3, 31))
    monthly = PlanItem.objects.create(
        plan=plan, level=1, position=2, title="工会委员会例会", repeat=Repeat.MONTHLY
    )
    occurrence = Occurrence.objects.create(item=monthly, due=date(2026, 1, 31))
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        reason="调整",
        snapshot=[{"number": "一、", "level": 1, "title": "旧条目"}],
        created_by=base["chair"],
    )
    return {"plan": plan, "plan_item": item, "plan_milestone": milestone, "plan_occurrence": occurrence}


__all__ = ["FORBIDDEN", "NOT_FOUND"]
