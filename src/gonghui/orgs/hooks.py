"""What organisations and members add to the menu (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import desk_items, menu_entry, menu_section
from gonghui.core.roles import CAPABILITIES, Cap

from . import desk
from .selectors import may_be_member, role_assignments

menu_section("orgs", _("组织建设"), order=20)

menu_entry("desk", _("首页"), "home", "speedometer2", order=10)
menu_entry("desk", _("我的会员信息"), "me", "person-badge", visible=may_be_member, order=20)
menu_entry("orgs", _("组织"), "org_list", "diagram-3", visible=Cap.VIEW_OVERVIEW, order=10)
menu_entry("orgs", _("企业"), "enterprise_list", "building", visible=Cap.VIEW_OVERVIEW, order=20)
menu_entry("orgs", _("会员名册"), "member_list", "people", visible=Cap.VIEW_ROSTER, order=30)
menu_entry("orgs", _("名册导入"), "import_list", "upload", visible=Cap.EDIT_ROSTER, order=40)
menu_entry("orgs", _("会员接转"), "transfer_list", "arrow-left-right", visible=Cap.MANAGE_TRANSFERS, order=50)
menu_entry("system", _("角色授权"), "role_list", "person-gear", visible=Cap.MANAGE_ROLES, order=10)
menu_entry("system", _("操作日志"), "audit_list", "clock-history", visible=Cap.VIEW_AUDIT, order=20)


# What a program reading or writing the union's records through the API needs: the roster keepers and the
# cadres who export it. A finance officer, an auditor or a member reads the pages.
_DATA_CAPS = {Cap.EDIT_ROSTER, Cap.EXPORT_ROSTER}


def _works_with_data(user) -> bool:
    """API tokens are for people who keep the union's records in another system, not for every member."""
    return user.is_superuser or any(CAPABILITIES[a.role] & _DATA_CAPS for a in role_assignments(user))


menu_entry("system", _("API 令牌"), "token_list", "key", visible=_works_with_data, order=90)
desk_items(desk.desk)
