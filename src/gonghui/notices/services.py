"""Writes of notifications."""

from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification
from .tasks import send_notification_email


def notify(*, user, text: str, url: str = "", key: str | None = None) -> Notification | None:
    """Tell `user` something, in the app and (when a mail server is configured and they have an address) by
    e-mail. With a `key`, a second call for the same user and key does nothing and returns None, so reminder
    sweeps can run as often as they like.

    No permission check: only other services and tasks call this, after their own checks. Not audit-logged:
    the action that caused the notice is already in the audit log, and a reminder sweep would otherwise
    flood it with one entry per person per day.
    """
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    try:
        # A savepoint: when two sweeps race past the check, the loser's insert fails without spoiling the
        # caller's transaction.
        with transaction.atomic():
            notification = Notification.objects.create(user=user, text=text[:500], url=url, key=key or "")
    except IntegrityError:
        if not key:
            raise
        return None
    if "default" in mailers and user.email:
        # After commit: the worker must find the row, and a rolled-back step must send no mail.
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when none is given; returns how many changed.

    Not audit-logged: it is the reader's own bookkeeping, like a mail client's read flag.
    """
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    with transaction.atomic():
        return unread.update(read_at=timezone.now())


def settle(*, url: str) -> int:
    """The thing at `url` moved on (a proposal was accepted, an offer answered): the notices that asked someone to
    act on it are done with, so they leave everyone's unread count. Called by the service that takes the step,
    before it sends the notices of the next one. Returns how many changed.

    Not audit-logged: the step itself is."""
    if not url:
        return 0
    return Notification.objects.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())
