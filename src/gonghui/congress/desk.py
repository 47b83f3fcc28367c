"""What congresses put on each user's work desk (core.registry.desk_items): a union's chair and staff see the
session that is due and the term that has run out; a federation cadre sees how many unions below are late."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.calendar import estimated
from gonghui.core.registry import DeskItem
from gonghui.orgs.desk import split_reach
from gonghui.orgs.selectors import paths_q

from .models import Term
from .roles import CongressCap
from .selectors import session_overdue


def _late(paths: list[str], today):
    """(terms in office whose session is overdue with the day it was due, unions whose last term ended)."""
    in_office = Term.objects.filter(paths_q(paths), starts_on__lte=today, ends_on__gte=today)
    overdue = []
    for term in in_office.select_related("node").order_by("node__path", "-starts_on"):
        due = session_overdue(term, today=today)
        if due:
            overdue.append((term, due))
    latest = (
        Term.objects.filter(paths_q(paths), starts_on__lte=today)
        .values("node")
        .annotate(last_end=Max("ends_on"))
        .filter(last_end__lt=today)
    )
    expired = list(
        Term.objects.filter(
            pk__in=[
                Term.objects.filter(node=row["node"], ends_on=row["last_end"])
                .values_list("pk", flat=True)
                .first()
                for row in latest
            ]
        ).select_related("node")
    )
    return overdue, expired


def _union_items(paths: list[str], today) -> list[DeskItem]:
    overdue, expired = _late(paths, today)
    items = [
        DeskItem(
            title=_("召开%(term)s：%(union)s") % {"term": term.get_kind_display(), "union": term.node.name},
            url=reverse("congress_term_detail", kwargs={"pk": term.pk}),
            due=due,
            due_label=_("应于此日前召开（预估）") if estimated(due) else _("应于此日前召开"),
            overdue=True,
            detail=_("第 %(n)d 届职代会每年至少召开一次") % {"n": term.number},
            kind="deadline",
        )
        for term, due in overdue
    ]
    items += [
        DeskItem(
            title=_("换届选举%(term)s：%(union)s")
            % {"term": term.get_kind_display(), "union": term.node.name},
            url=reverse("congress_term_detail", kwargs={"pk": term.pk}),
            due=term.ends_on,
            due_label=_("第 %(n)d 届任期届满") % {"n": term.number},
            overdue=True,
            kind="deadline",
        )
        for term in expired
    ]
    return items


def _federation_items(paths: list[str], today) -> list[DeskItem]:
    overdue, expired = _late(paths, today)
    items = []
    if overdue:
        items.append(
            DeskItem(
                title=_("%(n)d 个单位职代会逾期未召开") % {"n": len(overdue)},
                url=reverse("congress_term_list"),
                due=min(due for _term, due in overdue),
                due_label=_("最早应召开（预估）")
                if estimated(min(due for _term, due in overdue))
                else _("最早应召开"),
                overdue=True,
                count=len(overdue),
                detail="、".join(term.node.name for term, _due in overdue[:3])
                + ("等" if len(overdue) > 3 else ""),
                kind="deadline",
            )
        )
    if expired:
        items.append(
            DeskItem(
                title=_("%(n)d 个单位职代会届满未换届") % {"n": len(expired)},
                url=reverse("congress_term_list"),
                due=min(term.ends_on for term in expired),
                due_label=_("最早届满"),
                overdue=True,
                count=len(expired),
                detail="、".join(term.node.name for term in expired[:3]) + ("等" if len(expired) > 3 else ""),
                kind="deadline",
            )
        )
    return items


def desk(user) -> list[DeskItem]:
    today = timezone.localdate()
    unions, _none = split_reach(user, CongressCap.MANAGE_CONGRESS)
    _none, federations = split_reach(user, CongressCap.VIEW_CONGRESS)
    items = []
    if unions:
        items += _union_items(unions, today)
    if federations:
        items += _federation_items(federations, today)
    return items
