"""JSON API for the caller's own notifications."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from gonghui.core.api import ERRORS, Id, Page, PageParams, paginate

from . import selectors, services

router = Router(tags=["通知"])


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationFilters(Schema):
    unread_only: bool = Field(False, description="只列出未读通知")


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: Page[NotificationOut], **ERRORS}, summary="我的通知")
def notification_list(request, filters: Query[NotificationFilters], paging: Query[PageParams]):
    notifications = selectors.notification_list(user=request.auth, unread_only=filters.unread_only)
    return paginate(request, notifications, paging)


@router.post("/notifications/{notification_id}/read", response={200: MarkedOut, **ERRORS}, summary="标为已读")
def notification_read(request, notification_id: Id):
    notification = selectors.notification_get(user=request.auth, pk=notification_id)
    return {"marked": services.mark_read(user=request.auth, notification=notification)}


@router.post("/notifications/read-all", response={200: MarkedOut, **ERRORS}, summary="全部标为已读")
def notification_read_all(request):
    return {"marked": services.mark_read(user=request.auth)}
