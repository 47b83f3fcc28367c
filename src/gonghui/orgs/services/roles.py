"""Granting and revoking roles: nobody grants more than they hold."""

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.roles import CAPABILITIES, CAPABILITY_LABELS, Cap, Role

from ..models import Org, OrgKind, RoleAssignment
from ..selectors import has_cap


def role_grant(*, actor, user, node: Org, role: str) -> RoleAssignment:
    require(has_cap(actor, Cap.MANAGE_ROLES, node))
    if role not in Role.values:
        raise DomainError(_("未知的角色。"))
    if (role == Role.FEDERATION_CADRE) != (node.kind == OrgKind.FEDERATION):
        raise DomainError(_("总工会干部角色只能授予在总工会，其他角色只能授予在基层工会及其下级组织。"))
    # Nobody grants more than they hold: a chair cannot mint a federation cadre.
    held = {cap for cap in CAPABILITY_LABELS if has_cap(actor, cap, node)}
    require(CAPABILITIES[role] <= held, _("不能授予超出您自身权限的角色。"))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, node=node, role=role)
        if not created:
            raise Conflict(_("该用户在此组织已有这个角色。"))
        audit(
            actor=actor,
            action="role.grant",
            obj=assignment,
            scope_path=node.path,
            changes={"user": user.get_username(), "role": role, "node": node.name},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    require(has_cap(actor, Cap.MANAGE_ROLES, assignment.node))
    audit(
        actor=actor,
        action="role.revoke",
        obj=assignment,
        scope_path=assignment.node.path,
        changes={"user": assignment.user.get_username(), "role": assignment.role},
    )
    assignment.delete()
