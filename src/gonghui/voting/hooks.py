"""What the ballot engine adds to the menu (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.audit import user_name
from gonghui.core.registry import audit_labels, desk_items, member_section, menu_entry, menu_section
from gonghui.orgs.selectors import may_be_member

from . import desk, mine
from .roles import PollCap

menu_section("voting", _("表决"), order=30)
menu_entry("voting", _("表决与选举"), "poll_list", "check2-square", visible=PollCap.MANAGE_POLLS, order=10)
menu_entry("voting", _("我的投票"), "my_polls", "hand-index", visible=may_be_member, order=20)
desk_items(desk.desk)
audit_labels(
    actions={
        "poll.create": _("新建表决"),
        "poll.update": _("修改表决"),
        "poll.questions_set": _("设定表决事项"),
        "poll.electorate_set": _("确定选举人名单"),
        "poll.tellers_set": _("指定计票人"),
        "poll.open": _("开始投票"),
        "poll.close": _("结束投票并计票"),
        "poll.paper_issue": _("发放纸质选票"),
        "poll.paper_count_enter": _("录入纸质票计票"),
        "poll.paper_count_confirm": _("确认纸质票计票"),
        "poll.tally_confirm": _("计票人确认结果"),
        "poll.certify": _("公布表决结果"),
    },
    fields={
        "policy": _("通过规则"),
        "questions": _("事项数"),
        "electors": _("选举人数"),
        "electorate": _("应到人数"),
        "weight": _("权数"),
        "tellers": _("计票人"),
        "voted": _("已投票人数"),
        "web_ballots": _("网上选票数"),
        "ballots": _("选票数"),
        "box": _("票箱"),
        "confirmed": _("已确认人数"),
        "fingerprint": _("计票校验码"),
        "digest": _("计票校验码"),
        "min_group_size": _("最少公布人数"),
    },
    people={"tellers": user_name},
)
member_section("votes", _("我的投票"), mine.my_votes, order=20)
