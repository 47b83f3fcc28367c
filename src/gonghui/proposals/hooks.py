"""What proposals add to the menu, the demo and the daily sweeps (core.registry)."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import Representative
from gonghui.congress.roles import CongressCap
from gonghui.core.audit import user_name
from gonghui.core.calendar import year_added
from gonghui.core.registry import (
    audit_labels,
    daily_task,
    demo_builder,
    desk_items,
    member_section,
    menu_entry,
    progress_provider,
)
from gonghui.core.roles import Role
from gonghui.orgs.selectors import reach_paths, role_assignments

from . import demo, desk, mine, progress, services, tasks
from .models import Proposal, Rating
from .selectors import own_representatives


def _works_on_proposals(user) -> bool:
    """The congress's readers, the representatives (who hold no capability) and the handlers of proposals."""
    if reach_paths(user, CongressCap.VIEW_CONGRESS) or reach_paths(user, CongressCap.MANAGE_CONGRESS):
        return True
    if Role.WORKER_REP in {a.role for a in role_assignments(user)}:
        return True
    return own_representatives(user).exists() or Proposal.objects.filter(handler=user).exists()


def _representative(pk) -> str:
    seat = Representative.objects.filter(pk=pk).select_related("member").first()
    return seat.member.name if seat else str(pk)


menu_entry("democracy", _("提案"), "proposal_list", "lightbulb", visible=_works_on_proposals, order=20)
demo_builder(demo.build)
daily_task(tasks.proposal_reminders)
desk_items(desk.desk)
audit_labels(
    actions={
        "proposal.submit": _("提交提案"),
        "proposal.cosign": _("附议提案"),
        "proposal.accept": _("提案立案"),
        "proposal.convert": _("提案转为意见建议"),
        "proposal.assign": _("交办提案"),
        "proposal.answer": _("答复提案"),
        "proposal.rate": _("评价提案答复"),
        "proposal.return": _("不满意，退回重办"),
        "proposal.deadline_recomputed": _("录入放假安排后重算答复期限"),
    },
    fields={
        "cosigners": _("附议人"),
        "representative": _("附议人"),
        "department": _("承办部门"),
        "handler": _("承办人"),
        "deadline": _("答复期限"),
        "year": _("年份"),
        "rating": _("评价"),
    },
    values=dict(Rating.choices),
    people={"handler": user_name, "cosigners": _representative, "representative": _representative},
)
progress_provider("proposals.answered", _("提案（已答复）"), unit=_("件"), value=progress.proposals_answered)


@receiver(year_added, dispatch_uid="proposals.deadlines_recompute")
def _recount_deadlines(sender, year: int, **kwargs) -> None:
    """The administrator added a year's holiday schedule: counted answer deadlines in it become official."""
    services.deadlines_recompute(year=year)


member_section("proposals", _("我的提案"), mine.my_proposals, order=30)
