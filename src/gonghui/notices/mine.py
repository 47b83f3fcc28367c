"""My notices, on a member's home (core.registry.member_section): the unread ones, newest first."""

from django.urls import reverse
from django.utils import timezone

from .selectors import notification_list

RECENT = 5


def my_notices(user, member) -> list[dict]:
    return [
        {
            "title": n.text,
            "url": n.url or reverse("notification_list"),
            "detail": "",
            "when": timezone.localdate(n.created_at),
            "urgent": False,
        }
        for n in notification_list(user=user, unread_only=True)[:RECENT]
    ]
