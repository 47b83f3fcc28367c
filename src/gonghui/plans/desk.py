"""What plans put on the work desk (core.registry.desk_items): milestones and occurrences of the plans the user
keeps (PlanCap.MANAGE_PLANS on the plan's own node) that are overdue or due within rules.REMIND_DAYS_BEFORE
days. Only adopted plans and plans in progress: a draft's dates are not commitments yet."""

from datetime import timedelta

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.registry import DeskItem

from . import rules
from .models import Milestone, Occurrence, PlanStatus
from .selectors import kept_plans

LIMIT = 20


def desk(user) -> list[DeskItem]:
    """One line per item: a fortnightly item three occurrences behind is one thing to do, not three lines."""
    today = timezone.localdate()
    horizon = today + timedelta(days=rules.REMIND_DAYS_BEFORE)
    plans = kept_plans(user).filter(status__in=(PlanStatus.ADOPTED, PlanStatus.IN_PROGRESS))
    items = []
    for model, label in ((Milestone, _("计划节点")), (Occurrence, _("计划例行事项"))):
        due = (
            model.objects.filter(item__plan__in=plans, done_on__isnull=True, due__lte=horizon)
            .values("item_id", "item__title", "item__plan__title")
            .annotate(first_due=Min("due"), open_count=Count("pk"))
            .order_by("first_due", "item_id")[:LIMIT]
        )
        for row in due:
            title = _("%(label)s：%(title)s") % {"label": label, "title": row["item__title"]}
            if row["open_count"] > 1:
                title += _("（%(n)s 次未完成）") % {"n": row["open_count"]}
            items.append(
                DeskItem(
                    title=title,
                    url=reverse("plan_item_edit", kwargs={"pk": row["item_id"]}),
                    due=row["first_due"],
                    due_label=_("完成期限"),
                    overdue=row["first_due"] < today,
                    detail=row["item__plan__title"],
                    kind="deadline",
                )
            )
    return items
