"""The targets that reach a node: those set on the node and on its ancestors, the nearest one winning for
each kind and indicator."""

from django.db.models import QuerySet

from gonghui.orgs.models import Org

from ..models import AgreementTarget
from ._common import stats_node


def ancestor_paths(node: Org) -> list[str]:
    """The node's path and its ancestors', nearest first."""
    return [node.path[:end] for end in range(len(node.path), 0, -Org.steplen)]


def target_map(*, node: Org, year: int) -> dict[tuple[int, str], AgreementTarget]:
    """The target in force at `node` for each (kind pk, indicator): the one set on the nearest node of the
    node and its ancestors, for that year. One query."""
    found: dict[tuple[int, str], AgreementTarget] = {}
    targets = AgreementTarget.objects.filter(node__path__in=ancestor_paths(node), year=year).select_related(
        "node"
    )
    for target in sorted(targets, key=lambda t: len(t.node.path), reverse=True):
        found.setdefault((target.kind_id, target.indicator), target)
    return found


def target_list(*, user, node: Org, year: int | None = None) -> QuerySet[AgreementTarget]:
    """Targets set on the node and its ancestors (the ones that reach it), newest year first."""
    stats_node(user=user, node=node)
    targets = AgreementTarget.objects.filter(node__path__in=ancestor_paths(node))
    if year is not None:
        targets = targets.filter(year=year)
    return targets.select_related("node", "kind", "set_by").order_by(
        "-year", "kind__position", "kind__pk", "indicator", "-node__depth"
    )
