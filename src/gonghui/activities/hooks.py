"""What activities add to the menu, the demo, the work desk and the audit log (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import (
    audit_labels,
    demo_builder,
    desk_items,
    member_section,
    menu_entry,
    menu_section,
    progress_provider,
)

from . import demo, desk, mine, progress
from .models import CheckinMethod, EnrolmentStatus

menu_section("activities", _("活动与培训"), order=45)
menu_entry("activities", _("活动与培训"), "activity_list", "calendar-event", order=10)
menu_entry("activities", _("参与统计"), "activity_stats", "bar-chart", visible="view_activities", order=20)
demo_builder(demo.build)
desk_items(desk.desk)
member_section("activities", _("我的活动"), mine.my_activity_items, order=25)
progress_provider("activities.held", _("活动（已举办）"), unit=_("次"), value=progress.activities_held)
progress_provider("activities.attendance", _("活动参与人次"), unit=_("人次"), value=progress.attendance_count)
progress_provider("activities.trainings", _("培训（已举办）"), unit=_("期"), value=progress.trainings_held)
progress_provider(
    "activities.training_hours", _("培训学时（人·学时）"), unit=_("学时"), value=progress.training_hours
)
audit_labels(
    actions={
        "activity.create": _("发布活动"),
        "activity.signup": _("报名活动"),
        "activity.cancel": _("取消活动报名"),
        "activity.enrol": _("批量报名活动"),
        "activity.checkin_open": _("开始活动签到"),
        "activity.checkin_close": _("结束活动签到"),
        "activity.checkin": _("活动签到"),
        "activity.attend": _("登记活动签到"),
    },
    fields={
        "member": _("会员"),
        "promoted": _("候补递补"),
        "count": _("人数"),
        "method": _("签到方式"),
        # Field names are shared by every app's entries: no generic "status" or "kind" that would rename theirs.
        "activity_kind": _("活动类别"),
        "enrolment": _("报名结果"),
    },
    values={**dict(EnrolmentStatus.choices), **dict(CheckinMethod.choices)},
)
