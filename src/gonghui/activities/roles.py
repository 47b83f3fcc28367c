"""What the activities app lets each role do (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class ActivityCap:
    # Organisers: the union's committee and its women workers' committee (三八 activities are theirs), and
    # federation cadres, who run area-wide activities that their units enrol people in.
    MANAGE_ACTIVITIES = capability(
        "manage_activities",
        _("组织活动和培训"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.WOMEN_COMMITTEE),
    )
    VIEW_ACTIVITIES = capability(
        "view_activities",
        _("查看活动和培训统计"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.WOMEN_COMMITTEE, Role.AUDITOR),
    )
