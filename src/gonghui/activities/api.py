"""JSON API for activities: the same selectors and services as the pages."""

from django.http import HttpRequest
from ninja import Query, Router

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate

from . import selectors, services
from .models import Activity, EnrolmentStatus
from .schemas import (
    ActivityDetailOut,
    ActivityFilters,
    ActivityOut,
    AttendanceOut,
    CardAttendanceOut,
    CardCheckinIn,
    CheckinIn,
    EnrolmentOut,
    activity_out,
)

router = Router(tags=["活动与培训"])


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    return selectors.activity_get(user=request.auth, pk=activity_id)


@router.get("/activities", response={200: Page[ActivityOut], **ERRORS}, summary="活动列表")
def activity_list(request, filters: Query[ActivityFilters], paging: Query[PageParams]):
    activities = selectors.activity_list(user=request.auth, year=filters.year, search=filters.search)
    page = paginate(request, activities, paging)
    page["results"] = [activity_out(a) for a in page["results"]]
    return page


@router.get("/activities/{activity_id}", response={200: ActivityDetailOut, **ERRORS}, summary="活动详情")
def activity_detail(request, activity_id: Id):
    activity = _activity(request, activity_id)
    enrolment = selectors.own_enrolment(request.auth, activity)
    status = enrolment.status if enrolment and enrolment.status != EnrolmentStatus.CANCELLED else None
    return {
        **activity_out(activity),
        **selectors.counts(activity),
        "my_status": status,
        "my_checked_in": selectors.own_attendance(request.auth, activity) is not None,
    }


@router.post("/activities/{activity_id}/signup", response={200: EnrolmentOut, **ERRORS}, summary="报名")
def activity_signup(request, activity_id: Id):
    enrolment = services.activity_signup(actor=request.auth, activity=_activity(request, activity_id))
    return {"activity_id": activity_id, "status": enrolment.status}


@router.post("/activities/{activity_id}/cancel", response={200: EnrolmentOut, **ERRORS}, summary="取消报名")
def activity_cancel(request, activity_id: Id):
    enrolment = services.activity_cancel(actor=request.auth, activity=_activity(request, activity_id))
    return {"activity_id": activity_id, "status": enrolment.status}


@router.post("/activities/{activity_id}/checkin", response={200: AttendanceOut, **ERRORS}, summary="扫码签到")
def activity_checkin(request, activity_id: Id, payload: CheckinIn):
    attendance = services.activity_checkin(
        actor=request.auth, activity=_activity(request, activity_id), code=payload.code
    )
    return {"activity_id": activity_id, "at": attendance.at, "hours": attendance.hours}


@router.post(
    "/activities/{activity_id}/card-checkin",
    response={200: CardAttendanceOut, **ERRORS},
    summary="扫会员卡签到（工作人员）",
)
def activity_card_checkin(request, activity_id: Id, payload: CardCheckinIn):
    attendance = services.activity_attend_by_card(
        actor=request.auth, activity=_activity(request, activity_id), token=payload.token
    )
    member = attendance.member
    return {
        "activity_id": activity_id,
        "member": {"id": member.pk, "name": member.name},
        "at": attendance.at,
        "hours": attendance.hours,
    }
