"""Reads of notifications: a user only ever sees their own."""

from django.db.models import QuerySet

from gonghui.core.errors import NotFound

from .models import Notification


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(user=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_get(*, user, pk: int) -> Notification:
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise NotFound()
    return notification


def unread_count(user) -> int:
    return notification_list(user=user, unread_only=True).count()
