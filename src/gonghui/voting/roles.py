"""What the ballot engine lets each role do (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class PollCap:
    MANAGE_POLLS = capability("manage_polls", _("组织表决和选举"), roles=(Role.UNION_CHAIR, Role.UNION_STAFF))
    # Certified results and the list of polls, for those who oversee the union's democratic management.
    VIEW_POLLS = capability(
        "view_polls",
        _("查看表决和选举结果"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.AUDITOR),
    )
