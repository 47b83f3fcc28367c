"""The menu. Each entry shows only when the user holds the capability it needs somewhere."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
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
            (_("我的通知"), "notification_list", "bell", None),
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
        _("表决"),
        [
            (_("表决与选举"), "poll_list", "check2-square", Cap.MANAGE_POLLS),
            (_("我的投票"), "my_polls", "hand-index", None),
        ],
    ),
    (
        _("民主管理"),
        [
            (_("职代会"), "congress_term_list", "people-fill", Cap.VIEW_CONGRESS),
            # Everyone signed in: representatives and handlers hold no capability, the list shows what they may see.
            (_("提案"), "proposal_list", "lightbulb", None),
        ],
    ),
    (
        _("集体合同"),
        [
            (_("集体合同"), "agreement_list", "file-earmark-text", Cap.VIEW_AGREEMENTS),
            (_("行政方代表"), "employer_link_list", "briefcase", Cap.MANAGE_AGREEMENTS),
            (_("合同统计"), "agreement_stats", "bar-chart-line", Cap.VIEW_AGREEMENT_STATS),
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
    """The layout's menu, node switcher and current node, each worked out only when a template reads it.

    They need the user's roles (one query); the voting booth's pages (voting/booth_base.html), which the 800
    electors of a congress load, show none of them and so cost no query. `current_node` is a callable, which the
    template language calls when it reads the variable: a lazy object wrapping None would be truthy.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": SimpleLazyObject(lambda: _menu(user, request.resolver_match)),
        "current_node": lambda: getattr(request, "node", None),
        "switch_nodes": SimpleLazyObject(lambda: home_nodes(user)),
    }


def _menu(user, resolver_match) -> list[dict]:
    current = resolver_match.url_name if resolver_match else ""
    sections = []
    for title, entries in MENU:
        items = [
            {"label": label, "url": reverse(name), "icon": icon, "active": name == current}
            for label, name, icon, cap in entries
            if cap is None or reach_paths(user, cap)
        ]
        if items:
            sections.append({"title": title, "items": items})
    return sections
