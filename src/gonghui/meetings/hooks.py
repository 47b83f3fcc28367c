"""What committee meetings add to the audit log's words (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import audit_labels, menu_entry

from .roles import MeetingCap

audit_labels(actions={"meeting.record": _("记录工会委员会会议")})
menu_entry("orgs", _("工会委员会会议"), "meeting_list", "people", visible=MeetingCap.VIEW_MEETINGS, order=80)
