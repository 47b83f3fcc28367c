"""Roles and what each may do. A role is granted on an organisation node and reaches its whole subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERATION_CADRE = "federation_cadre", _("总工会干部")
    UNION_CHAIR = "union_chair", _("工会主席")
    UNION_STAFF = "union_staff", _("工会委员/干事")
    FINANCE_OFFICER = "finance_officer", _("财务人员")
    AUDITOR = "auditor", _("经审委员")
    WOMEN_COMMITTEE = "women_committee", _("女职工委员")
    WORKER_REP = "worker_rep", _("职工代表")
    MEMBER = "member", _("会员")
    EMPLOYER_REP = "employer_rep", _("行政方代表")


class Cap(models.TextChoices):
    """Capabilities checked by selectors and services; roles are bundles of them."""

    VIEW_OVERVIEW = "view_overview", _("查看统计概览")
    VIEW_ROSTER = "view_roster", _("查看会员名册")
    EDIT_ROSTER = "edit_roster", _("维护会员名册")
    EXPORT_ROSTER = "export_roster", _("导出会员名册")
    VIEW_FULL_PII = "view_full_pii", _("查看完整身份证号和手机号")
    MANAGE_TRANSFERS = "manage_transfers", _("办理会员关系接转")
    MANAGE_ORGS = "manage_orgs", _("维护组织和企业")
    MANAGE_ROLES = "manage_roles", _("授予角色")
    VIEW_AUDIT = "view_audit", _("查看操作日志")
    VIEW_CONGRESS = "view_congress", _("查看职代会")
    MANAGE_CONGRESS = "manage_congress", _("组织职代会和提案工作")
    MANAGE_POLLS = "manage_polls", _("组织表决和选举")
    VIEW_AGREEMENTS = "view_agreements", _("查看集体合同")
    MANAGE_AGREEMENTS = "manage_agreements", _("办理集体合同")
    VIEW_AGREEMENT_STATS = "view_agreement_stats", _("查看集体合同统计")
    SET_TARGETS = "set_targets", _("设定年度工作目标")


_ROSTER_KEEPER = {
    Cap.VIEW_OVERVIEW,
    Cap.VIEW_ROSTER,
    Cap.EDIT_ROSTER,
    Cap.EXPORT_ROSTER,
    Cap.VIEW_FULL_PII,
    Cap.MANAGE_TRANSFERS,
}

_DEMOCRACY_KEEPER = {
    Cap.VIEW_CONGRESS,
    Cap.MANAGE_CONGRESS,
    Cap.MANAGE_POLLS,
    Cap.VIEW_AGREEMENTS,
    Cap.MANAGE_AGREEMENTS,
    Cap.VIEW_AGREEMENT_STATS,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.FEDERATION_CADRE: frozenset(
        {
            Cap.VIEW_OVERVIEW,
            Cap.VIEW_ROSTER,
            Cap.EXPORT_ROSTER,
            Cap.MANAGE_ORGS,
            Cap.MANAGE_ROLES,
            Cap.VIEW_AUDIT,
            Cap.MANAGE_TRANSFERS,
            Cap.VIEW_CONGRESS,
            Cap.VIEW_AGREEMENTS,
            Cap.VIEW_AGREEMENT_STATS,
            Cap.SET_TARGETS,
        }
    ),
    Role.UNION_CHAIR: frozenset(
        _ROSTER_KEEPER | _DEMOCRACY_KEEPER | {Cap.MANAGE_ORGS, Cap.MANAGE_ROLES, Cap.VIEW_AUDIT}
    ),
    Role.UNION_STAFF: frozenset(_ROSTER_KEEPER | _DEMOCRACY_KEEPER),
    Role.FINANCE_OFFICER: frozenset({Cap.VIEW_OVERVIEW, Cap.VIEW_ROSTER}),
    Role.AUDITOR: frozenset({Cap.VIEW_OVERVIEW, Cap.VIEW_AUDIT, Cap.VIEW_CONGRESS}),
    Role.WOMEN_COMMITTEE: frozenset({Cap.VIEW_OVERVIEW, Cap.VIEW_ROSTER, Cap.VIEW_AGREEMENTS}),
    Role.WORKER_REP: frozenset(),
    Role.MEMBER: frozenset(),
    Role.EMPLOYER_REP: frozenset(),
}


def roles_with(cap: str) -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if cap in caps]
