"""What collective contracts add to the menu, the demo and the daily sweeps (core.registry)."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from gonghui.core.calendar import year_added
from gonghui.core.registry import (
    audit_labels,
    daily_task,
    demo_builder,
    desk_items,
    menu_entry,
    menu_section,
    progress_provider,
)
from gonghui.core.roles import Role
from gonghui.orgs.selectors import reach_paths, role_assignments

from . import demo, desk, progress, selectors, services, tasks
from .models import ContentArea, Decision, Fulfilment, Indicator, Side
from .roles import AgreementCap


def _reads_agreements(user) -> bool:
    """The union's readers, and the employer's representative and the worker representatives for the
    agreements they are shown (the offer to answer, the draft to comment on)."""
    if reach_paths(user, AgreementCap.VIEW_AGREEMENTS):
        return True
    if not {a.role for a in role_assignments(user)} & {Role.EMPLOYER_REP, Role.WORKER_REP}:
        return False
    return selectors.agreement_list(user=user).exists()


menu_section("agreements", _("集体合同"), order=50)
menu_entry(
    "agreements",
    _("集体合同"),
    "agreement_list",
    "file-earmark-text",
    visible=_reads_agreements,
    order=10,
)
menu_entry(
    "agreements",
    _("行政方代表"),
    "employer_link_list",
    "briefcase",
    visible=AgreementCap.MANAGE_AGREEMENTS,
    order=20,
)
menu_entry(
    "agreements",
    _("合同统计"),
    "agreement_stats",
    "bar-chart-line",
    visible=AgreementCap.VIEW_AGREEMENT_STATS,
    order=30,
)
demo_builder(demo.build)
daily_task(tasks.agreements_daily)
desk_items(desk.desk)
audit_labels(
    actions={
        "agreement.create": _("新建集体合同"),
        "agreement.update": _("修改集体合同"),
        "agreement.draft": _("提交合同草案"),
        "agreement.comment": _("对草案条款提出意见"),
        "agreement.point": _("列入协商议题"),
        "agreement.committee": _("工会委员会讨论"),
        "agreement.offer": _("发出协商要约"),
        "agreement.answer": _("答复协商要约"),
        "agreement.negotiator_add": _("确定协商代表"),
        "agreement.negotiator_leave": _("协商代表离任"),
        "agreement.meeting": _("登记协商会议"),
        "agreement.agree": _("草案协商一致"),
        "agreement.review_open": _("提交职代会审议"),
        "agreement.review_record": _("登记审议结果"),
        "agreement.sign": _("签字"),
        "agreement.file": _("报送审查"),
        "agreement.objection": _("审查机关提出异议"),
        "agreement.effective": _("合同生效"),
        "agreement.publish": _("向职工公布"),
        "agreement.expiring": _("进入续订期"),
        "agreement.renew": _("续订"),
        "agreement.end": _("合同终止"),
        "agreement.performance": _("登记履约检查"),
        "agreement.employer_link": _("登记行政方代表"),
        "agreement_kind.create": _("新增合同种类"),
        "agreement_target.create": _("设定年度目标"),
        "agreement_target.update": _("修改年度目标"),
        "agreement_target.delete": _("删除年度目标"),
    },
    fields={
        "decision": _("决定"),
        "due": _("答复期限"),
        "late": _("逾期报送"),
        "clause": _("条款"),
        "area": _("内容"),
        "number": _("稿次"),
        "clauses": _("条款数"),
        "side": _("方"),
        "chief": _("首席代表"),
        "passed": _("审议通过"),
        "poll": _("表决编号"),
        "starts": _("起始日期"),
        "ends": _("终止日期"),
        "opens": _("续订期开始"),
        "result": _("履约情况"),
        "enterprises": _("覆盖企业数"),
        "kind": _("种类"),
        "indicator": _("指标"),
        "percent": _("目标（%）"),
        "code": _("代码"),
        "agreement.negotiator_add:name": _("姓名"),
        "agreement.negotiator_leave:name": _("姓名"),
    },
    values={
        **dict(Decision.choices),
        **dict(ContentArea.choices),
        **dict(Side.choices),
        **dict(Fulfilment.choices),
        **dict(Indicator.choices),
    },
)


@receiver(year_added, dispatch_uid="agreements.deadlines_recompute")
def _recount_deadlines(sender, year: int, **kwargs) -> None:
    """The administrator added a year's holiday schedule: estimated deadlines in it become official."""
    services.deadlines_recompute(year=year)


progress_provider(
    "agreements.in_force",
    _("集体合同（生效、履行中）"),
    unit=_("份"),
    value=progress.agreements_in_force,
)
progress_provider(
    "agreements.rate",
    _("集体合同工作目标（签订率、备案率等）"),
    unit="%",
    value=progress.rate_against_target,
    choices=progress.target_choices,
    target=progress.target_percent,
)
