"""What the congress app lets each role do (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class CongressCap:
    VIEW_CONGRESS = capability(
        "view_congress",
        _("查看职代会"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.AUDITOR),
    )
    # Proposals are the congress's business: the same people handle them.
    MANAGE_CONGRESS = capability(
        "manage_congress", _("组织职代会和提案工作"), roles=(Role.UNION_CHAIR, Role.UNION_STAFF)
    )
