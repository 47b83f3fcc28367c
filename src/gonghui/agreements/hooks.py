"""What collective contracts add to the menu, the demo and the daily sweeps (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import daily_task, demo_builder, desk_items, menu_entry, menu_section
from gonghui.core.roles import Role
from gonghui.orgs.selectors import reach_paths, role_assignments

from . import demo, desk, selectors, tasks
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
