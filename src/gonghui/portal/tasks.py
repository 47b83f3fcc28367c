"""The daily sweep for joining online: remind the union's committee of applications about to lapse."""

from datetime import timedelta

from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.notices.services import notify

from .models import ApplicationStatus, JoinApplication
from .services import deciders

# How early the committee is reminded before the answer is due: a working habit, not a legal period.
REMIND_BEFORE = timedelta(days=3)


@task()
def join_reminders() -> int:
    """Remind each union's deciders of pending applications due within REMIND_BEFORE or already late.

    Keyed per application and day, so running the sweep again the same day sends nothing new. Returns the number
    of notices sent."""
    today = timezone.localdate()
    due = JoinApplication.objects.filter(
        status=ApplicationStatus.PENDING, deadline__lte=today + REMIND_BEFORE
    ).select_related("union")
    sent, people = 0, {}  # union pk -> its deciders, read once however many applications wait
    for application in due.order_by("deadline", "pk"):
        values = {"name": application.name, "d": application.deadline.isoformat()}
        if application.deadline < today:
            text = _("%(name)s 的入会申请已超过答复期限（%(d)s），请尽快审核。") % values
        else:
            text = _("%(name)s 的入会申请须在 %(d)s 前答复。") % values
        if application.union_id not in people:
            people[application.union_id] = deciders(application.union)
        key = f"join:{application.pk}:reminder:{today.isoformat()}"
        url = reverse("join_detail", args=[application.pk])
        for user in people[application.union_id]:
            sent += notify(user=user, text=text, url=url, key=key) is not None
    return sent
