"""Recording a union committee meeting: permission checked, input checked, one transaction, audited."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import DomainError
from gonghui.core.permissions import require
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap

from .models import CommitteeMeeting
from .roles import MeetingCap

TITLE_MAX = CommitteeMeeting._meta.get_field("title").max_length
DECISIONS_MAX = CommitteeMeeting._meta.get_field("decisions").max_length


def meeting_record(
    *,
    actor,
    node: Org,
    held_on: date,
    title: str,
    members_total: int,
    members_present: int,
    decisions: str,
) -> CommitteeMeeting:
    """Record a meeting the committee has held (never one still to come), with its attendance and decisions."""
    require(
        has_cap(actor, MeetingCap.RECORD_MEETING, node), _("只有工会主席、委员或上级工会干部可以记录会议。")
    )
    title = (title or "").strip()
    decisions = (decisions or "").strip()
    if not title:
        raise DomainError(_("请填写会议名称。"), code="title")
    if len(title) > TITLE_MAX:
        raise DomainError(_("会议名称不能超过 %(n)s 个字。") % {"n": TITLE_MAX}, code="title")
    if not decisions:
        raise DomainError(_("请填写会议决定事项。"), code="decisions")
    if len(decisions) > DECISIONS_MAX:
        raise DomainError(_("会议决定事项不能超过 %(n)s 个字。") % {"n": DECISIONS_MAX}, code="decisions")
    if held_on > timezone.localdate():
        raise DomainError(_("会议日期不能晚于今天：只记录已经召开的会议。"), code="held_on")
    if not (isinstance(members_total, int) and 0 < members_total <= 1000):
        raise DomainError(_("应到委员人数须是 1 至 1000 之间的整数。"), code="members_total")
    if not (isinstance(members_present, int) and 0 <= members_present <= members_total):
        raise DomainError(_("实到委员人数须在 0 与应到人数之间。"), code="members_present")
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.create(
            node=node,
            held_on=held_on,
            title=title,
            members_total=members_total,
            members_present=members_present,
            decisions=decisions,
            recorded_by=actor,
        )
        audit(
            actor=actor,
            action="meeting.record",
            obj=meeting,
            scope_path=node.path,
            changes={"held_on": held_on.isoformat(), "members_present": members_present},
        )
    return meeting
