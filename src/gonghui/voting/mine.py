"""My votes, on a member's home (core.registry.member_section): the polls open to them and the ones they took
part in. Whether someone voted is theirs to see (their VoterMark); what they chose is on no row that names them,
so it cannot appear here."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PollStatus, VoterMark
from .selectors import elector_polls

RECENT = 5


def my_votes(user, member) -> list[dict]:
    items = []
    for poll in elector_polls(user=user)[:RECENT]:
        items.append(
            {
                "title": poll.title,
                "url": reverse("poll_detail" if poll.voted else "poll_vote", args=[poll.pk]),
                "detail": _("已投票") if poll.voted else _("投票中，尚未投票"),
                "when": None,
                "urgent": not poll.voted,
            }
        )
    marks = (
        VoterMark.objects.filter(member=member)
        .exclude(poll__status=PollStatus.OPEN)
        .select_related("poll")
        .order_by("-poll__closed_at", "-pk")[:RECENT]
    )
    for mark in marks:
        closed = mark.poll.closed_at
        items.append(
            {
                "title": mark.poll.title,
                "url": reverse("poll_detail", args=[mark.poll_id]),
                "detail": _("已参加投票 · %(status)s") % {"status": mark.poll.get_status_display()},
                "when": timezone.localdate(closed) if closed else None,
                "urgent": False,
            }
        )
    return items
