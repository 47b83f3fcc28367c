"""Who reads and keeps annual work plans (core.roles.capability)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Role, capability


class PlanCap:
    VIEW_PLANS = capability(
        "view_plans",
        _("查看年度工作计划"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF, Role.AUDITOR, Role.WOMEN_COMMITTEE),
    )
    MANAGE_PLANS = capability(
        "manage_plans",
        _("制定和维护年度工作计划"),
        roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF),
    )
