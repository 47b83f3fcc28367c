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
    # The women workers' committee takes part in the women's special agreement: it comments on the draft
    # (《劳动合同法》第五十二条; 《上海市集体合同条例》第七条: a female negotiator where a 女职工委员会 exists;
    # 《女职工劳动保护特别规定》第十二条: unions supervise women's protection). Other agreements it only reads.
    COMMENT_WOMEN_DRAFT = capability(
        "comment_women_draft", _("对女职工权益保护专项集体合同草案提出意见"), roles=(Role.WOMEN_COMMITTEE,)
    )
