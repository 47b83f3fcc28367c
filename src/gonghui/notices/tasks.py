"""Background work for notifications, run by the task worker (`gonghui db_worker`)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils.translation import gettext as _

from .models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    """Mail a copy of a notification. A task, so a slow or unreachable mail server never holds up the service
    (or the request) that sent the notification; a failure here leaves the in-app notification in place."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    body = notification.text
    if notification.url:
        body += "\n\n" + settings.SITE_URL.rstrip("/") + notification.url
    subject = _("【工会工作平台】") + notification.text[:40]
    EmailMessage(subject, body, to=[notification.user.email]).send(using="default")
    return True
