"""What the collective-contract app lets each role do (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class AgreementCap:
    VIEW_AGREEMENTS = capability(
        "view_agreements",
        _("查看集体合同"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.WOMEN_COMMITTEE),
    )
    MANAGE_AGREEMENTS = capability(
        "manage_agreements", _("办理集体合同"), roles=(Role.UNION_CHAIR, Role.UNION_STAFF)
    )
    VIEW_AGREEMENT_STATS = capability(
        "view_agreement_stats",
        _("查看集体合同统计"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF),
    )
    SET_TARGETS = capability("set_targets", _("设定年度工作目标"), roles=(Role.FEDERATION_CADRE,))
