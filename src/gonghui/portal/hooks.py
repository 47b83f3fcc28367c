"""What the member's own union (我的) adds: the menu, the member's home, the desk, the sweep, the demo and the
audit log's words (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import audit_labels, daily_task, demo_builder, desk_items, member_home, menu_entry
from gonghui.orgs.selectors import may_be_member

from . import demo, desk, tasks
from .roles import PortalCap

# Everyone who may be on a roster (decided from the roles already read: the menu costs no extra query); one
# without a member record yet finds the way to join online there.
menu_entry("desk", _("我的"), "portal_home", "person-vcard", visible=may_be_member, order=5)
menu_entry("orgs", _("入会申请"), "join_list", "person-plus", visible=PortalCap.VIEW_JOIN, order=45)
member_home("portal_home")
desk_items(desk.desk)
daily_task(tasks.join_reminders)
demo_builder(demo.build)
audit_labels(
    actions={
        "join.apply": _("提交入会申请"),
        "join.accept": _("批准入会申请"),
        "join.decline": _("不批准入会申请"),
    },
    # The changes' keys are the application's own fields: their verbose names and choices label them.
)
