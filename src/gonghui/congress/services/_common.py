"""What the congress services share: the permission check, and the sign-in accounts of representatives (made
with an unusable password for those without one), which voting, tellers and voting codes all need."""

import secrets

from django.contrib.auth import get_user_model

from gonghui.core.permissions import require
from gonghui.orgs.models import Member, Org
from gonghui.orgs.selectors import has_cap

from ..roles import CongressCap


def _require_manage(actor, node: Org) -> None:
    require(has_cap(actor, CongressCap.MANAGE_CONGRESS, node))


def _user_for(member: Member):
    """The member's sign-in account; one with an unusable password (no hashing) is made when there is none."""
    if member.user_id:
        return member.user
    user_model = get_user_model()
    username = f"rep{member.pk}"
    while user_model.objects.filter(username=username).exists():
        username = f"rep{member.pk}-{secrets.token_hex(2)}"
    user = user_model.objects.create_user(username=username, first_name=member.name[:150], password=None)
    member.user = user
    member.save(update_fields=["user"])
    return user


def _representative_users(representatives) -> list:
    """The sign-in accounts of representatives, created (with an unusable password) for those without one."""
    return [_user_for(r.member) for r in representatives]
