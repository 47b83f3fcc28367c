"""Reads of plans, scoped to the user's reach (PlanCap.VIEW_PLANS on the plan's node; out of reach → NotFound),
and the figures computed from them: outline numbers, progress from the linked provider, the federation board."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from gonghui.core.errors import NotFound
from gonghui.core.registry import PROGRESS_PROVIDERS
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap, reach_q

from .models import Milestone, Occurrence, Plan, PlanItem, PlanStatus, Target
from .numbering import outline_number
from .roles import PlanCap


def plan_list(*, user, node: Org | None = None, year: int | None = None, search: str = "") -> QuerySet[Plan]:
    if not user.is_authenticated:
        return Plan.objects.none()
    plans = Plan.objects.filter(reach_q(user, PlanCap.VIEW_PLANS)).select_related("node")
    if node is not None:
        plans = plans.filter(node__path__startswith=node.path)
    if year is not None:
        plans = plans.filter(year=year)
    search = (search or "").strip()
    if search:
        plans = plans.filter(Q(title__contains=search) | Q(node__name__contains=search))
    return plans.order_by("-year", "node__path")


def plan_exists(user, *, node: Org, year: int) -> bool:
    """Whether the node already has its plan for the year (one per node and year), as far as the user sees."""
    return plan_list(user=user, year=year).filter(node=node).exists()


def plan_get(*, user, pk) -> Plan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise NotFound()
    return plan


def item_get(*, user, pk) -> PlanItem:
    item = PlanItem.objects.filter(pk=pk, plan__in=plan_list(user=user)).select_related("plan__node").first()
    if item is None:
        raise NotFound()
    return item


def may_manage(user, plan: Plan) -> bool:
    return has_cap(user, PlanCap.MANAGE_PLANS, plan.node)


def actions(user, plan: Plan) -> dict[str, bool]:
    """Which buttons the plan's page shows the user."""
    manage = may_manage(user, plan)
    return {
        "edit": manage and plan.editable,
        "adopt": manage and plan.status == PlanStatus.DRAFT,
        "start": manage and plan.status == PlanStatus.ADOPTED,
        "close": manage and plan.status == PlanStatus.IN_PROGRESS,
        "new_version": manage and plan.status in (PlanStatus.ADOPTED, PlanStatus.IN_PROGRESS),
        "note": manage and plan.status != PlanStatus.CLOSED,
        "board": plan.node.is_federation,
    }


@dataclass
class Progress:
    """An item's progress: the provider's count (or the occurrences and milestones done) against the target."""

    value: Decimal | None
    target: Decimal | None
    unit: str
    source: str  # what counted it: a provider's label, "重复事项", "时间节点", or ""

    @property
    def percent(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return min(100, int(Decimal(100) * Decimal(self.value) / Decimal(self.target)))


def _first_target(item: PlanItem) -> Target | None:
    return next((t for t in item.targets.all() if not t.result), None)


def item_progress(item: PlanItem) -> Progress:
    """Counted, never typed in: from the linked provider over the plan's node (a federation: its subtree) and
    year, against the target the linked record sets (an AgreementTarget) or else the item's own first target;
    an unlinked repeating item counts its occurrences done, an item with milestones its milestones done."""
    plan = item.plan
    provider = PROGRESS_PROVIDERS.get(item.provider) if item.provider else None
    if provider is not None:
        value = provider.value(plan.node, plan.year, item.provider_params or {})
        target = provider.target(item.provider_params or {}) if provider.target else None
        if target is None and (own := _first_target(item)) is not None:
            target = own.quantity
        return Progress(
            value=None if value is None else Decimal(value),
            target=None if target is None else Decimal(target),
            unit=str(provider.unit),
            source=str(provider.label),
        )
    occurrences = list(item.occurrences.all())
    if occurrences:
        done = sum(1 for o in occurrences if o.done_on)
        return Progress(Decimal(done), Decimal(len(occurrences)), "次", "重复事项")
    milestones = list(item.milestones.all())
    if milestones:
        done = sum(1 for m in milestones if m.done_on)
        return Progress(Decimal(done), Decimal(len(milestones)), "项", "时间节点")
    target = _first_target(item)
    return Progress(None, target.quantity if target else None, target.unit if target else "", "")


@dataclass
class Row:
    item: PlanItem
    number: str
    progress: Progress | None = None
    children: list["Row"] = field(default_factory=list)


def _items(plan: Plan) -> list[PlanItem]:
    return list(
        plan.items.prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due")),
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("due")),
            Prefetch("targets", queryset=Target.objects.order_by("id")),
        ).order_by("level", "position")
    )


def numbered_items(plan: Plan, *, with_progress: bool = False) -> list[Row]:
    """The items in document order (each parent before its children), each with its outline number."""
    items = _items(plan)
    by_parent: dict[int | None, list[PlanItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    rows: list[Row] = []

    def walk(parent_id):
        for item in sorted(by_parent.get(parent_id, []), key=lambda i: i.position):
            rows.append(
                Row(
                    item=item,
                    number=outline_number(item.level, item.position),
                    progress=item_progress(item) if with_progress else None,
                )
            )
            walk(item.pk)

    walk(None)
    return rows


@dataclass
class BoardLine:
    node: Org
    item: PlanItem
    progress: Progress


def board(*, user, item: PlanItem) -> list[BoardLine]:
    """The federation's completion board for a cascaded item: one line per unit's copy, in the unit's reach."""
    copies = (
        PlanItem.objects.filter(source=item, plan__in=plan_list(user=user))
        .select_related("plan__node")
        .prefetch_related("milestones", "occurrences", "targets")
        .order_by("plan__node__path")
    )
    return [BoardLine(node=c.plan.node, item=c, progress=item_progress(c)) for c in copies]


def occurrence_get(*, user, pk) -> Occurrence:
    found = Occurrence.objects.filter(pk=pk, item__plan__in=plan_list(user=user)).select_related(
        "item__plan__node"
    )
    if (occurrence := found.first()) is None:
        raise NotFound()
    return occurrence


def milestone_get(*, user, pk) -> Milestone:
    found = Milestone.objects.filter(pk=pk, item__plan__in=plan_list(user=user)).select_related(
        "item__plan__node"
    )
    if (milestone := found.first()) is None:
        raise NotFound()
    return milestone


def manageable_nodes(user) -> QuerySet[Org]:
    """The unions and federations where the user may draw up a plan (the new-plan form's choices)."""
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.selectors import org_list

    return org_list(user=user, cap=PlanCap.MANAGE_PLANS).filter(kind__in=(OrgKind.UNION, OrgKind.FEDERATION))


def provider_choices() -> list[tuple[str, str]]:
    return [(key, f"{p.label}（{p.unit}）") for key, p in PROGRESS_PROVIDERS.items()]


def kept_plans(user) -> QuerySet[Plan]:
    """Plans whose own node the user keeps (MANAGE_PLANS held on it, not only above it): the chair and staff of
    a union keep its plan; a federation cadre keeps the federation's, and oversees the unions' through the
    board rather than being reminded of each of their dates."""
    from gonghui.core.roles import CAPABILITIES
    from gonghui.orgs.selectors import role_assignments

    if not user.is_authenticated:
        return Plan.objects.none()
    nodes = [a.node_id for a in role_assignments(user) if PlanCap.MANAGE_PLANS in CAPABILITIES[a.role]]
    return Plan.objects.filter(node_id__in=nodes)
