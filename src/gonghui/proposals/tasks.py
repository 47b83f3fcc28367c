"""Reminders for proposal answers, run as a periodic sweep (cron: `gonghui proposal_reminders` daily)."""

from datetime import timedelta

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.notices.services import notify

from .models import Proposal, ProposalStatus
from .services import committee_users

# How early the handler is reminded before the deadline: a working habit, not a legal period.
REMIND_BEFORE = timedelta(days=3)


@task()
def proposal_reminders() -> int:
    """Remind handlers of answers due within REMIND_BEFORE or overdue, and tell the committee of overdue ones.

    Keyed per proposal and day, so running the sweep again the same day sends nothing new.
    Returns the number of notices sent."""
    today = timezone.localdate()
    due = Proposal.objects.filter(
        Q(deadline__lte=today + REMIND_BEFORE), status=ProposalStatus.ASSIGNED
    ).select_related("handler", "session__term__node")
    sent, committees = 0, {}  # node pk -> its committee's users, read once however many proposals are late
    for proposal in due:
        url = reverse("proposal_detail", args=[proposal.pk])
        key = f"proposal:{proposal.pk}:reminder:{today.isoformat()}"
        values = {"code": proposal.code, "title": proposal.title, "d": proposal.deadline_text}
        if proposal.deadline < today:
            text = _("提案 %(code)s %(title)s 已超过答复期限（%(d)s），请尽快答复。") % values
            node = proposal.session.term.node
            if node.pk not in committees:
                committees[node.pk] = committee_users(node)
            recipients = [proposal.handler, *committees[node.pk]]
        else:
            text = _("提案 %(code)s %(title)s 须在 %(d)s 前答复。") % values
            recipients = [proposal.handler]
        for user in {u.pk: u for u in recipients}.values():
            sent += notify(user=user, text=text, url=url, key=key) is not None
    return sent
