"""The table: the five rates per kind of agreement for a node, drilled down by child node plus a row for the
node's own level, with the node's targets. Every figure comes from grouped queries, so their number does not
grow with the number of children or enterprises."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, Max, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least, Substr
from django.utils.translation import gettext as _

from gonghui.orgs.models import Org, OrgKind

from ..models import Agreement, AgreementKind, Fulfilment, PerformanceCheck
from ._common import Options, _binding_coverage, _enterprises, stats_node
from .formulas import FORMULAS, Counts, Rate, percent
from .targets import target_map

# 履约: fully or largely kept; 未履行 is the failure the rate exists to show.
PERFORMED = (Fulfilment.FULFILLED, Fulfilment.PARTLY)


@dataclass
class Row:
    """One line of the drill-down: a node (org set) or the node's own level (org None)."""

    org: Org | None
    counts: dict[int, Counts] = field(default_factory=dict)  # by kind pk
    rates: dict[int, dict[str, Rate]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.org.name if self.org is not None else _("本级（直属企业、本级签订的合同）")

    @property
    def enterprises(self) -> int:
        return next(iter(self.counts.values())).enterprises if self.counts else 0

    @property
    def workers(self) -> int:
        return next(iter(self.counts.values())).workers if self.counts else 0


@dataclass
class NodeStats:
    node: Org
    options: Options
    kinds: list[AgreementKind]
    total: Row
    children: list[Row]
    formulas: list[dict]


def node_stats(*, user, node: Org, options: Options) -> NodeStats:
    """The five rates per kind for `node` and each child, with the node's targets. A fixed number of queries:
    kinds, children, enterprises, agreements signed, performance checks, targets."""
    stats_node(user=user, node=node)
    return node_figures(node=node, options=options)


def node_figures(*, node: Org, options: Options) -> NodeStats:
    """node_stats without the reader's check, for code that has checked its own reader (a plan's progress
    provider, agreements/progress.py)."""
    kinds = list(AgreementKind.objects.all())
    children = list(node.child_list()) if _drills(node) else []
    width = len(node.path) + Org.steplen
    rows = {child.path: _row(child, kinds) for child in children}
    own = _row(None, kinds)
    total = _row(node, kinds)

    def targets_of(prefix: str | None) -> list[Row]:
        row = rows.get(prefix[:width]) if prefix and len(prefix) >= width else None
        return [total, row or own]

    _count_enterprises(node, options, kinds, width, targets_of)
    _count_agreements(node, options, width, targets_of)
    targets = target_map(node=node, year=options.year)
    shown = [rows[c.path] for c in children]
    if children and any(c.signed or c.enterprises or c.checked for c in own.counts.values()):
        shown.append(own)
    for row in [total, *shown]:
        _rates(row, kinds, options, targets)
    return NodeStats(
        node=node,
        options=options,
        kinds=kinds,
        total=total,
        children=shown,
        formulas=[f.text(options) for f in FORMULAS],
    )


def _drills(node: Org) -> bool:
    """Federations drill down to their children; a union's page lists its enterprises instead."""
    return node.kind == OrgKind.FEDERATION


def _row(org: Org | None, kinds: list[AgreementKind]) -> Row:
    return Row(org=org, counts={k.pk: Counts() for k in kinds})


def _count_enterprises(node, options, kinds, width, targets_of) -> None:
    aggregates = {"n": Count("pk"), "workers": Sum("worker_count")}
    for kind in kinds:
        covered = Q(Exists(_binding_coverage(kind, options.as_of)))
        recorded = Subquery(
            _binding_coverage(kind, options.as_of)
            .order_by()
            .values("enterprise")
            .annotate(most=Max("worker_count"))
            .values("most"),
            output_field=IntegerField(),
        )
        aggregates[f"covered_{kind.pk}"] = Count("pk", filter=covered)
        aggregates[f"covered_workers_{kind.pk}"] = Sum("worker_count", filter=covered)
        aggregates[f"coverage_workers_{kind.pk}"] = Sum(
            Least(Coalesce(recorded, Value(0)), F("worker_count"), output_field=IntegerField())
        )
    grouped = (
        _enterprises(node, options)
        .annotate(prefix=Substr(Coalesce("union__path", "area__path"), 1, width))
        .values("prefix")
        .annotate(**aggregates)
    )
    for values in grouped:
        for row in targets_of(values["prefix"]):
            for kind in kinds:
                counts = row.counts[kind.pk]
                counts.enterprises += values["n"]
                counts.workers += values["workers"] or 0
                counts.covered += values[f"covered_{kind.pk}"]
                counts.covered_workers += values[f"covered_workers_{kind.pk}"] or 0
                counts.coverage_workers += values[f"coverage_workers_{kind.pk}"] or 0


def _count_agreements(node, options, width, targets_of) -> None:
    signed = (
        Agreement.objects.filter(node__path__startswith=node.path, signed_on__year=options.year)
        .annotate(prefix=Substr("node__path", 1, width))
        .values("prefix", "kind")
        .annotate(
            signed=Count("pk"),
            submitted=Count("pk", filter=Q(filed_on__isnull=False)),
            on_time=Count("pk", filter=Q(filed_on__isnull=False, filed_on__lte=F("filing_due"))),
        )
    )
    checks = (
        PerformanceCheck.objects.filter(agreement__node__path__startswith=node.path, year=options.year)
        .annotate(prefix=Substr("agreement__node__path", 1, width))
        .values("prefix", "agreement__kind")
        .annotate(checked=Count("pk"), performed=Count("pk", filter=Q(result__in=PERFORMED)))
    )
    for values in signed:
        for row in targets_of(values["prefix"]):
            counts = row.counts.get(values["kind"])
            if counts is not None:
                counts.signed += values["signed"]
                counts.submitted += values["submitted"]
                counts.on_time += values["on_time"]
    for values in checks:
        for row in targets_of(values["prefix"]):
            counts = row.counts.get(values["agreement__kind"])
            if counts is not None:
                counts.checked += values["checked"]
                counts.performed += values["performed"]


def _rates(row: Row, kinds, options: Options, targets: dict) -> None:
    for kind in kinds:
        row.rates[kind.pk] = {}
        for formula in FORMULAS:
            numerator, denominator = formula.terms(row.counts[kind.pk], options)
            target = targets.get((kind.pk, formula.code))
            row.rates[kind.pk][formula.code] = Rate(
                numerator, denominator, percent(numerator, denominator), target.percent if target else None
            )
