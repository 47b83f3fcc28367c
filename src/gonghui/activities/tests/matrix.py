"""Permission-matrix entries for the activities app (see gonghui.core.tests.matrix).

Side "a": an activity of union A open for sign-up. Its members (the `member` role), union A's organisers and
readers, and the town's cadre see it; organisers (chair, staff, town cadre) enrol, tick and show the QR code;
the auditor reads but organises nothing. Side "b" is the same in union B.
"""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.tests.matrix import FOUND, OK, _all, _api, _api_only, _only

from ..models import Activity, Attendance, Enrolment
from .factories import kind

SEERS = ("member", "chair_a", "staff_a", "auditor_a", "cadre_a")
ORGANISERS = ("chair_a", "staff_a", "cadre_a")
# Pages about the current node: every role that organises or reads activities somewhere.
NODE_READERS = ("chair_a", "staff_a", "auditor_a", "cadre_a", "chair_b", "cadre_b")
NODE_ORGANISERS = ("chair_a", "staff_a", "cadre_a", "chair_b", "cadre_b")


def _pk(o, s):
    return {"pk": o[s]["activity"].pk}


def _id(o, s):
    return {"activity_id": o[s]["activity"].pk}


MATRIX: dict = {
    "activity_list": ("GET", None, _all(OK)),
    "activity_create": ("GET", None, _only(OK, *NODE_ORGANISERS)),
    "activity_stats": ("GET", None, _only(OK, *NODE_READERS)),
    "activity_stats_export": ("GET", None, _only(OK, *NODE_READERS)),
    "activity_detail": ("GET", _pk, _only(OK, *SEERS)),
    "activity_signup": ("POST", _pk, _only(FOUND, *SEERS)),
    "activity_cancel": ("POST", _pk, _only(FOUND, *SEERS)),
    "activity_enrol": ("GET", _pk, _only(OK, *ORGANISERS)),
    "activity_attend": ("POST", _pk, _only(FOUND, *ORGANISERS)),
    "activity_scan": ("GET", _pk, _only(OK, *ORGANISERS)),
    "activity_qr": ("GET", _pk, _only(OK, *ORGANISERS)),
    "activity_checkin_toggle": ("POST", _pk, _only(FOUND, *ORGANISERS)),
    "activity_checkin": ("GET", _pk, _only(OK, *SEERS)),
}

API_MATRIX: dict = {
    "activity_list": ("GET", None, None, _api(OK)),
    "activity_detail": ("GET", _id, None, _api_only(OK, *SEERS)),
    # Only a member signs up; the organisers hold no member record (403).
    "activity_signup": (
        "POST",
        _id,
        lambda o, s: {},
        {**_api_only(403, *SEERS), "member": 200, "superuser": 403},
    ),
    "activity_cancel": (
        "POST",
        _id,
        lambda o, s: {},
        {**_api_only(403, *SEERS), "member": 409, "superuser": 403},
    ),
    # A forged code: refused with 400 for the member, 403 for those with no member record.
    "activity_checkin": (
        "POST",
        _id,
        lambda o, s: {"code": "forged"},
        {**_api_only(403, *SEERS), "member": 400, "superuser": 403},
    ),
    # A forged card: refused with 400 for those who tick the activity, 403 for those who see it only.
    "activity_card_checkin": (
        "POST",
        _id,
        lambda o, s: {"token": "forged"},
        {**_api_only(403, *SEERS), **dict.fromkeys((*ORGANISERS, "superuser"), 400)},
    ),
}
POST_DATA: dict = {}
BUSINESS_MODELS: list = [Activity, Enrolment, Attendance]


def objects(tree, side, base) -> dict:
    start = timezone.now() + timedelta(days=10)
    activity = Activity.objects.create(
        node=base["union"],
        kind=kind("文体活动"),
        title=f"健步走{side}",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    return {"activity": activity}
