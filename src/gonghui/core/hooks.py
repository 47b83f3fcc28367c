"""What the kernel adds to the menu (core.registry): the sections every install has, the rules and the calendar."""

from django.utils.translation import gettext_lazy as _

from .audit import user_name
from .registry import audit_labels, menu_entry, menu_section

menu_section("desk", _("工作台"), order=10)
menu_section("rules", _("制度与规则"), order=90)
menu_section("system", _("系统"), order=100)

menu_entry("rules", _("规则库"), "rule_list", "journal-text", order=10)
menu_entry("rules", _("工作日历"), "calendar", "calendar3", order=20)

audit_labels(
    actions={
        "auth.login": _("登录"),
        "auth.login_failed": _("登录失败"),
        "auth.locked_out": _("多次登录失败，账号暂时锁定"),
        "calendar.year_add": _("导入年度工作日历"),
        "token.create": _("创建 API 令牌"),
        "token.revoke": _("停用 API 令牌"),
    },
    fields={
        "username": _("用户名"),
        "source": _("来源"),
        "holidays": _("放假天数"),
        "workdays": _("调休上班天数"),
        "year": _("年度"),
        "on": _("日期"),
        "name": _("名称"),
        "title": _("名称"),
        "note": _("说明"),
        "reason": _("理由"),
        "count": _("数量"),
        "user": _("用户"),
        "automatic": _("系统自动办理"),
    },
    people={"user": user_name},
)
