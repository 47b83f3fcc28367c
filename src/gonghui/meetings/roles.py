"""Who records and reads union committee meetings (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class MeetingCap:
    VIEW_MEETINGS = capability(
        "view_meetings",
        _("查看工会委员会会议"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.AUDITOR),
    )
    RECORD_MEETING = capability(
        "record_meeting",
        _("记录工会委员会会议"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF),
    )
