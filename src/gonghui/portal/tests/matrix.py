"""Permission-matrix entries for the member portal (see gonghui.core.tests.matrix).

Side "a": a pending application to union A sent without an account (its status link is a bearer link: anyone
holding it sees it); side "b": one to union B sent from chair B's account (shown only to that account).
Union A's chair and staff decide; town A's cadre reads (and is refused a decision: 403 in the API, a message
on the pages); the others do not see it (404). Anyone, signed in or not, may open the application form.
"""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.core.tests.matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, _all, _api, _api_only, _only
from gonghui.orgs.tests.factories import make_id_number

from ..models import JoinApplication, WorkKind
from ..services import status_token

DECIDERS = ("chair_a", "staff_a")
SEERS = (*DECIDERS, "cadre_a")
_serial = iter(range(700, 10**6))


def _pk(o, s):
    return {"pk": o[s]["join_application"].pk}


def _id(o, s):
    return {"application_id": o[s]["join_application"].pk}


MATRIX: dict = {
    "portal_home": ("GET", None, _all(OK)),
    "portal_card": ("GET", None, {**_all(NOT_FOUND), "member": OK}),
    "join_apply": ("GET", None, {**_all(OK), "anon": OK}),
    "join_status": ("GET", lambda o, s: {"token": o[s]["join_token"]}, {**_all(OK), "anon": OK}),
    "join_list": ("GET", None, _only(OK, *SEERS, chair_b=OK, cadre_b=OK)),
    "join_detail": ("GET", _pk, _only(OK, *SEERS)),
    "join_accept": ("POST", _pk, _only(FOUND, *SEERS)),
    "join_decline": ("POST", _pk, _only(FOUND, *SEERS)),
}
POST_DATA: dict = {"join_decline": lambda o, s: {"reason": "与本单位无劳动关系"}}


def _new_application(o, s):
    return {
        "union_id": o[s]["union"].pk,
        "name": "新职工",
        "id_number": make_id_number(date(1996, 5, 4), next(_serial)),
        "phone": "13900001111",
        "employer": "甲机械厂",
        "work_kind": "employee",
    }


API_MATRIX: dict = {
    "portal_mine": ("GET", None, None, _api(OK)),
    "portal_card": ("GET", None, None, {**_api(NOT_FOUND), "member": OK}),
    "join_application_list": ("GET", None, None, _api(OK)),
    "join_application_create": ("POST", None, _new_application, _api(201)),
    "join_application_detail": ("GET", _id, None, _api_only(OK, *SEERS)),
    "join_application_accept": (
        "POST",
        _id,
        lambda o, s: {},
        _api_only(OK, *DECIDERS, cadre_a=FORBIDDEN),
    ),
    "join_application_decline": (
        "POST",
        _id,
        lambda o, s: {"reason": "与本单位无劳动关系"},
        _api_only(OK, *DECIDERS, cadre_a=FORBIDDEN),
    ),
}
BUSINESS_MODELS: list = [JoinApplication]


def objects(tree, side, base) -> dict:
    application = JoinApplication.objects.create(
        union=base["union"],
        name=f"申请人{side}",
        id_number=make_id_number(date(1995, 3, 12), next(_serial)),
        phone="13800002222",
        employer="本单位",
        work_kind=WorkKind.EMPLOYEE,
        user=None if side == "a" else tree.chair_b,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    return {"join_application": application, "join_token": status_token(application)}
