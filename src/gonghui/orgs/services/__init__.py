"""Every change to organisations, enterprises, members, roles and transfers. Each function checks the actor's
permission, runs in one transaction and writes the audit log.

By topic: `orgs` (the union tree), `enterprises`, `members` (the roster, revealing and exporting it), `roles`
and `transfers` (会员关系接转). Everything public is re-exported here: callers write `services.member_create`.
"""

from .enterprises import ENTERPRISE_FIELDS, enterprise_create, enterprise_update
from .members import (
    MEMBER_FIELDS,
    REVEALABLE_FIELDS,
    member_create,
    member_reveal,
    member_update,
    roster_exported,
)
from .orgs import org_create, org_update
from .roles import role_grant, role_revoke
from .transfers import transfer_accept, transfer_cancel, transfer_reject, transfer_request

__all__ = [
    "ENTERPRISE_FIELDS",
    "MEMBER_FIELDS",
    "REVEALABLE_FIELDS",
    "enterprise_create",
    "enterprise_update",
    "member_create",
    "member_reveal",
    "member_update",
    "org_create",
    "org_update",
    "role_grant",
    "role_revoke",
    "roster_exported",
    "transfer_accept",
    "transfer_cancel",
    "transfer_reject",
    "transfer_request",
]
