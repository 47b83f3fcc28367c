"""The menu. Each entry shows only when the user holds the capability it needs somewhere."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.roles import Cap

from .selectors import home_nodes, reach_paths

# (section, [(label, url name, icon, capability or None for everyone signed in)])
MENU = [
    (
        _("工作台"),
        [
            (_("概览"), "home", "speedometer2", None),
            (_("我的会员信息"), "me", "person-badge", None),
        ],
    ),
    (
        _("组织建设"),
        [
            (_("组织"), "org_list", "diagram-3", Cap.VIEW_OVERVIEW),
            (_("企业"), "enterprise_list", "building", Cap.VIEW_OVERVIEW),
            (_("会员名册"), "member_list", "people", Cap.VIEW_ROSTER),
            (_("名册导入"), "import_list", "upload", Cap.EDIT_ROSTER),
            (_("会员接转"), "transfer_list", "arrow-left-right", Cap.MANAGE_TRANSFERS),
        ],
    ),
    (
        _("制度与规则"),
        [
            (_("规则库"), "rule_list", "journal-text", None),
            (_("工作日历"), "calendar", "calendar3", None),
        ],
    ),
    (
        _("系统"),
        [
            (_("角色授权"), "role_list", "person-gear", Cap.MANAGE_ROLES),
            (_("操作日志"), "audit_list", "clock-history", Cap.VIEW_AUDIT),
            (_("API 令牌"), "token_list", "key", None),
        ],
    ),
]


def nav_context(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.url_name if request.resolver_match else ""
    sections = []
    for title, entries in MENU:
        items = [
            {"label": label, "url": reverse(name), "icon": icon, "active": name == current}
            for label, name, icon, cap in entries
            if cap is None or reach_paths(user, cap)
        ]
        if items:
            sections.append({"title": title, "items": items})
    return {
        "menu": sections,
        "current_node": getattr(request, "node", None),
        "switch_nodes": home_nodes(user),
    }
