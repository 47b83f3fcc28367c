"""What the ballot engine puts on each user's work desk (core.registry.desk_items): the open votes the user has
not cast yet (and those cast, until they close), and the counts a teller must still confirm."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.registry import DeskItem

from .models import Poll, PollStatus, Teller
from .selectors import elector_polls


def desk(user) -> list[DeskItem]:
    polls = list(elector_polls(user=user))
    items = [
        DeskItem(
            title=_("投票：%(title)s") % {"title": poll.title},
            url=reverse("poll_vote", kwargs={"pk": poll.pk}),
            detail=_("%(node)s，%(date)s 开始投票")
            % {"node": poll.node.name, "date": timezone.localdate(poll.opened_at).isoformat()}
            if poll.opened_at
            else poll.node.name,
            kind="vote",
        )
        for poll in polls
        if not poll.voted
    ]
    items += [
        DeskItem(
            title=_("已投票：%(title)s") % {"title": poll.title},
            url=reverse("my_polls"),
            detail=_("投票仍在进行，结束并确认后可查看结果"),
            kind="info",
        )
        for poll in polls
        if poll.voted
    ]
    unconfirmed = Teller.objects.filter(user=user, confirmed_at__isnull=True).values("poll")
    to_confirm = Poll.objects.filter(status=PollStatus.CLOSED, pk__in=unconfirmed)
    items += [
        DeskItem(
            title=_("确认计票结果：%(title)s") % {"title": poll.title},
            url=reverse("poll_tally", kwargs={"pk": poll.pk}),
            detail=_("投票已结束，须计票人确认后公布结果"),
            kind="task",
        )
        for poll in to_confirm.select_related("node")
    ]
    return items
