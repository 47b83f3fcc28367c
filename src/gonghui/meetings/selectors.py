"""Reads of committee meetings, scoped to the user's reach (VIEW_MEETINGS on the meeting's node)."""

from django.db.models import QuerySet

from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import reach_q

from .models import CommitteeMeeting
from .roles import MeetingCap


def meeting_list(*, user, node: Org | None = None) -> QuerySet[CommitteeMeeting]:
    if not user.is_authenticated:
        return CommitteeMeeting.objects.none()
    meetings = CommitteeMeeting.objects.filter(reach_q(user, MeetingCap.VIEW_MEETINGS)).select_related("node")
    if node is not None:
        meetings = meetings.filter(node=node)
    return meetings


def meeting_get(*, user, pk) -> CommitteeMeeting:
    meeting = meeting_list(user=user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound()
    return meeting
