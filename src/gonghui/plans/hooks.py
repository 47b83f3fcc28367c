"""What plans add to the menu, the work desk and the audit log's words (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import (
    audit_labels,
    daily_task,
    demo_builder,
    desk_items,
    menu_entry,
    menu_section,
)

from . import demo, desk, tasks
from .roles import PlanCap

audit_labels(
    actions={
        "plan.create": _("新建年度工作计划"),
        "plan.adopt": _("登记计划通过"),
        "plan.start": _("计划开始执行"),
        "plan.close": _("计划结束"),
        "plan.new_version": _("修订计划"),
        "plan.item_add": _("添加计划条目"),
        "plan.item_update": _("修改计划条目"),
        "plan.item_cascade": _("下达计划条目"),
        "plan.note_add": _("记录计划进展"),
        "plan.milestone_done": _("登记节点完成"),
        "plan.occurrence_tick": _("登记重复事项完成"),
        "plan.import": _("按提纲生成计划"),
    },
    fields={
        "item": _("条目"),
        "units": _("下达单位数"),
        "items": _("条目数"),
        "by": _("通过方式"),
        "reason": _("修订原因"),
        "provider": _("进度来源"),
        "owner_name": _("责任人/部门"),
        "done_on": _("完成日期"),
        "due": _("应完成日期"),
        "on": _("日期"),
    },
)

menu_section("plans", _("工作计划"), order=15)
menu_entry("plans", _("年度工作计划"), "plan_list", "journal-check", visible=PlanCap.VIEW_PLANS, order=20)
daily_task(tasks.plan_reminders)
desk_items(desk.desk)
demo_builder(demo.build)
