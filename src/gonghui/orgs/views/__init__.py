"""Pages for organisations, enterprises, members, transfers, roles and roster imports. Thin: parse, select or
call a service, render; a refusal shows the service's Chinese message and changes nothing.

By page: `home` (the overview, switching node, one's own record), `orgs` (the tree and its enterprises),
`members` (the roster), `transfers`, `roles` (and the audit log) and `imports`. Re-exported here for urls.py.
"""

from .home import home, landing, me, org_overview, switch_node
from .imports import import_commit, import_detail, import_list
from .members import (
    member_create,
    member_detail,
    member_edit,
    member_export,
    member_list,
    member_reveal,
    member_template,
)
from .orgs import enterprise_create, enterprise_edit, enterprise_list, org_create, org_edit, org_list
from .roles import audit_list, role_list, role_revoke
from .transfers import transfer_create, transfer_decide, transfer_list

__all__ = [
    "audit_list",
    "enterprise_create",
    "enterprise_edit",
    "enterprise_list",
    "home",
    "landing",
    "import_commit",
    "import_detail",
    "import_list",
    "me",
    "member_create",
    "member_detail",
    "member_edit",
    "member_export",
    "member_list",
    "member_reveal",
    "member_template",
    "org_create",
    "org_edit",
    "org_list",
    "org_overview",
    "role_list",
    "role_revoke",
    "switch_node",
    "transfer_create",
    "transfer_decide",
    "transfer_list",
]
