"""The plans' daily sweep: reminders before a milestone or an occurrence falls due and when it is overdue, and
a weekly digest to the chair. Keyed, so running the sweep again the same day sends nothing new."""

from datetime import timedelta

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.roles import CAPABILITIES, Role
from gonghui.notices.services import notify
from gonghui.orgs.models import RoleAssignment

from . import rules
from .models import Milestone, Occurrence, Plan, PlanStatus
from .roles import PlanCap

LIVE = (PlanStatus.ADOPTED, PlanStatus.IN_PROGRESS)


def keepers(node) -> list:
    """Users holding MANAGE_PLANS on the plan's node itself (its chair and staff)."""
    roles = [role for role, caps in CAPABILITIES.items() if PlanCap.MANAGE_PLANS in caps]
    found = RoleAssignment.objects.filter(node=node, role__in=roles, user__is_active=True).select_related(
        "user"
    )
    return list({a.user_id: a.user for a in found}.values())


def chairs(node) -> list:
    found = RoleAssignment.objects.filter(node=node, role=Role.UNION_CHAIR, user__is_active=True)
    return [a.user for a in found.select_related("user")] or keepers(node)


@task()
def plan_reminders() -> int:
    """Tell the keepers of each live plan of what falls due in rules.REMIND_DAYS_BEFORE days (once) and of
    what is overdue (once); on Mondays send each chair a digest of the week. Returns the notices sent."""
    today = timezone.localdate()
    soon = today + timedelta(days=rules.REMIND_DAYS_BEFORE)
    sent = 0
    people: dict[int, list] = {}
    for model, kind in ((Milestone, "milestone"), (Occurrence, "occurrence")):
        due = (
            model.objects.filter(item__plan__status__in=LIVE, done_on__isnull=True)
            .filter(Q(due=soon) | Q(due__lt=today, due__gte=today - timedelta(days=31)))
            .select_related("item__plan__node")
        )
        for row in due:
            plan = row.item.plan
            overdue = row.due < today
            values = {"title": row.item.title, "d": row.due.isoformat()}
            text = (
                _("计划事项“%(title)s”已超过完成期限（%(d)s），请尽快完成并记录进展。")
                if overdue
                else _("计划事项“%(title)s”须在 %(d)s 前完成。")
            ) % values
            key = f"plan:{kind}:{row.pk}:{'overdue' if overdue else 'soon'}"
            url = reverse("plan_item_edit", args=[row.item_id])
            if plan.node_id not in people:
                people[plan.node_id] = keepers(plan.node)
            for user in people[plan.node_id]:
                sent += notify(user=user, text=text, url=url, key=key) is not None
    if today.weekday() == 0:
        sent += _weekly_digest(today)
    return sent


def _weekly_digest(today) -> int:
    sent = 0
    week = today.isocalendar()
    soon = today + timedelta(days=7)
    for plan in Plan.objects.filter(status__in=LIVE).select_related("node"):
        open_rows = Q(item__plan=plan, done_on__isnull=True)
        overdue = Milestone.objects.filter(open_rows, due__lt=today).count()
        overdue += Occurrence.objects.filter(open_rows, due__lt=today).count()
        coming = Milestone.objects.filter(open_rows, due__gte=today, due__lte=soon).count()
        coming += Occurrence.objects.filter(open_rows, due__gte=today, due__lte=soon).count()
        if not (overdue or coming):
            continue
        text = _("%(plan)s：本周有 %(coming)s 项到期，%(overdue)s 项已逾期。") % {
            "plan": plan.title,
            "coming": coming,
            "overdue": overdue,
        }
        key = f"plan:{plan.pk}:digest:{week.year}-{week.week}"
        url = reverse("plan_detail", args=[plan.pk])
        for user in chairs(plan.node):
            sent += notify(user=user, text=text, url=url, key=key) is not None
    return sent
