"""My activities, on a member's home (core.registry.member_section): what I signed up for that is still to
come, then what I attended, newest first, with my training hours."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import my_activities

RECENT = 5


def my_activity_items(user, member) -> list[dict]:
    mine = my_activities(member)
    now = timezone.now()
    coming = [
        {
            "title": e.activity.title,
            "url": reverse("activity_detail", args=[e.activity_id]),
            "detail": e.get_status_display(),
            "when": timezone.localdate(e.activity.starts_at),
            "urgent": False,
        }
        for e in mine["enrolled"].filter(activity__starts_at__gt=now)[:RECENT]
    ]
    attended = [
        {
            "title": a.activity.title,
            "url": reverse("activity_detail", args=[a.activity_id]),
            "detail": _("已参加 · %(hours)s 学时") % {"hours": a.hours} if a.hours else _("已参加"),
            "when": timezone.localdate(a.at),
            "urgent": False,
        }
        for a in mine["attended"][:RECENT]
    ]
    return coming + attended
