"""Roles and what each may do. A role is granted on an organisation node and reaches its whole subtree.

The roles are the kernel's: the people of a union and the federations above it. Capabilities belong to the app
that checks them: each app declares its own in its roles.py with `capability()`, naming the roles that hold
it, so adding an app adds its capabilities without editing this file.
"""

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
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


# role → the capability codes it holds; filled by capability() as each app's roles.py is imported.
CAPABILITIES: dict[str, set[str]] = {role: set() for role in Role}
CAPABILITY_LABELS: dict[str, str] = {}


def capability(code: str, label: str, *, roles: Iterable[str]) -> str:
    """Declare a capability, its label and the roles that hold it; returns the code to check it by."""
    if code in CAPABILITY_LABELS:
        raise ImproperlyConfigured(f"capability {code!r} is declared twice")
    CAPABILITY_LABELS[code] = label
    for role in roles:
        CAPABILITIES[Role(role)].add(code)
    return code


def roles_with(cap: str) -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if cap in caps]


_CADRES = (Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.UNION_STAFF)
_ROSTER_KEEPERS = (Role.UNION_CHAIR, Role.UNION_STAFF)


class Cap:
    """The kernel's own capabilities: organisations, the roster, roles and the audit log."""

    VIEW_OVERVIEW = capability(
        "view_overview",
        _("查看统计概览"),
        roles=(*_CADRES, Role.FINANCE_OFFICER, Role.AUDITOR, Role.WOMEN_COMMITTEE),
    )
    VIEW_ROSTER = capability(
        "view_roster", _("查看会员名册"), roles=(*_CADRES, Role.FINANCE_OFFICER, Role.WOMEN_COMMITTEE)
    )
    EDIT_ROSTER = capability("edit_roster", _("维护会员名册"), roles=_ROSTER_KEEPERS)
    EXPORT_ROSTER = capability("export_roster", _("导出会员名册"), roles=_CADRES)
    VIEW_FULL_PII = capability("view_full_pii", _("查看完整身份证号和手机号"), roles=_ROSTER_KEEPERS)
    MANAGE_TRANSFERS = capability("manage_transfers", _("办理会员关系接转"), roles=_CADRES)
    MANAGE_ORGS = capability(
        "manage_orgs", _("维护组织和企业"), roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR)
    )
    MANAGE_ROLES = capability("manage_roles", _("授予角色"), roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR))
    VIEW_AUDIT = capability(
        "view_audit", _("查看操作日志"), roles=(Role.FEDERATION_CADRE, Role.UNION_CHAIR, Role.AUDITOR)
    )
