"""What organisations and members add to the menu (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import audit_labels, desk_items, menu_entry, menu_section
from gonghui.core.roles import CAPABILITIES, Cap, Role

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

audit_labels(
    actions={
        "org.create": _("新建组织"),
        "org.update": _("修改组织"),
        "enterprise.create": _("登记企业"),
        "enterprise.update": _("修改企业信息"),
        "member.create": _("新增会员"),
        "member.update": _("修改会员信息"),
        "member.reveal_pii": _("查看完整身份信息"),
        "member.export": _("导出会员名册"),
        "member.import_upload": _("上传名册文件"),
        "member.import_queue": _("名册导入排队"),
        "member.import_requeue": _("重新导入名册"),
        "member.import": _("导入会员名册"),
        "role.grant": _("授予角色"),
        "role.revoke": _("撤销角色"),
        "transfer.request": _("申请会员接转"),
        "transfer.accepted": _("接收会员接转"),
        "transfer.rejected": _("退回会员接转"),
        "transfer.cancelled": _("撤回会员接转"),
    },
    fields={
        "filename": _("文件名"),
        "rows": _("行数"),
        "new": _("新增"),
        "updated": _("更新"),
        "unchanged": _("未变"),
        "errors": _("错误"),
        "full_pii": _("含完整身份信息"),
        "field": _("查看的信息"),
        "role": _("角色"),
        "node": _("组织"),
        "member": _("会员"),
        "from": _("转出工会"),
        "to": _("转入工会"),
        "parent": _("上级组织"),
        "credit_code": _("统一社会信用代码"),
        "enterprise": _("企业"),
    },
    values={**dict(Role.choices), "id_number": _("身份证号"), "phone": _("手机号")},
)
