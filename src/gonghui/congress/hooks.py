"""What the congress app adds to the menu and the demo (core.registry)."""

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
from .roles import CongressCap

menu_section("democracy", _("民主管理"), order=40)
menu_entry(
    "democracy", _("职代会"), "congress_term_list", "people-fill", visible=CongressCap.VIEW_CONGRESS, order=10
)
demo_builder(demo.build)
desk_items(desk.desk)
audit_labels(
    actions={
        "congress.term_create": _("新建职代会届次"),
        "congress.representative_add": _("增补职工代表"),
        "congress.representative_leave": _("职工代表离任"),
        "congress.representatives_import": _("导入职工代表名单"),
        "congress.session_create": _("新建职代会会议"),
        "congress.session_open": _("开始会议签到"),
        "congress.session_close": _("闭会"),
        "congress.agenda_add": _("添加议程"),
        "congress.agenda_vote_setup": _("设置议程表决"),
        "congress.vote_open": _("开始会议表决"),
        "congress.vote_close": _("结束会议表决"),
        "congress.codes_issue": _("发放签到码"),
        "congress.checkin_code": _("扫码签到"),
        "congress.checkin_manual": _("人工签到"),
        "congress.committee_create": _("设立专门委员会"),
        "congress.committee_member_add": _("增补专门委员会委员"),
        "congress.committee_record_add": _("登记专门委员会工作"),
        "congress.evaluation_create": _("发起民主评议"),
    },
    fields={"attendance": _("实到人数")},
)

progress_provider(
    "congress.sessions_held", _("职代会会议（已召开）"), unit=_("次"), value=progress.sessions_held
)
progress_provider(
    "congress.evaluations_certified",
    _("民主评议（结果已确认）"),
    unit=_("次"),
    value=progress.evaluations_certified,
)
member_section("seat", _("我的职工代表席位"), mine.my_seat, order=10)
