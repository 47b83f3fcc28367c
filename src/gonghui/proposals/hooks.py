"""What proposals add to the menu, the demo and the daily sweeps (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.congress.roles import CongressCap
from gonghui.core.registry import daily_task, demo_builder, desk_items, menu_entry
from gonghui.core.roles import Role
from gonghui.orgs.selectors import reach_paths, role_assignments

from . import demo, desk, tasks
from .models import Proposal
from .selectors import own_representatives


def _works_on_proposals(user) -> bool:
    """The congress's readers, the representatives (who hold no capability) and the handlers of proposals."""
    if reach_paths(user, CongressCap.VIEW_CONGRESS) or reach_paths(user, CongressCap.MANAGE_CONGRESS):
        return True
    if Role.WORKER_REP in {a.role for a in role_assignments(user)}:
        return True
    return own_representatives(user).exists() or Proposal.objects.filter(handler=user).exists()


menu_entry("democracy", _("提案"), "proposal_list", "lightbulb", visible=_works_on_proposals, order=20)
demo_builder(demo.build)
daily_task(tasks.proposal_reminders)
desk_items(desk.desk)
