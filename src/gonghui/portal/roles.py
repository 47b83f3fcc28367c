"""What the member portal lets each role do (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class PortalCap:
    # The union's own committee decides who joins (《中国工会章程》第二条: 经基层工会委员会批准); the
    # federation above reads the applications of its area, to see that none waits too long.
    VIEW_JOIN = capability(
        "view_join", _("查看入会申请"), roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF)
    )
    DECIDE_JOIN = capability("decide_join", _("审批入会申请"), roles=(Role.UNION_CHAIR, Role.UNION_STAFF))
