"""What activities put on each user's work desk (core.registry.desk_items): a member's open sign-ups, and an
organiser's activities of the last days still without anyone checked in (check-in to record, or the report to
finish)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.registry import DeskItem
from gonghui.orgs.selectors import reach_q

from . import selectors
from .models import Activity
from .roles import ActivityCap

RECENT_DAYS = 7  # how far back an activity without check-ins still asks for them


def desk(user) -> list[DeskItem]:
    items = []
    for activity in selectors.open_signups(user).order_by("starts_at")[:5]:
        items.append(
            DeskItem(
                title=_("活动报名：%(title)s") % {"title": activity.title},
                url=reverse("activity_detail", kwargs={"pk": activity.pk}),
                due=timezone.localtime(activity.signup_closes or activity.starts_at).date(),
                due_label=_("报名截止"),
                kind="info",
            )
        )
    now = timezone.now()
    unrecorded = (
        Activity.objects.filter(reach_q(user, ActivityCap.MANAGE_ACTIVITIES))
        .filter(
            starts_at__lte=now, starts_at__gte=now - timedelta(days=RECENT_DAYS), attendances__isnull=True
        )
        .order_by("starts_at")
    )
    for activity in unrecorded[:5]:
        items.append(
            DeskItem(
                title=_("登记签到：%(title)s") % {"title": activity.title},
                url=reverse("activity_detail", kwargs={"pk": activity.pk}),
                detail=_("活动已开始，尚无签到记录"),
                kind="task",
            )
        )
    return items
