"""The figures of collective contracts a plan item can link to (core.registry.progress_provider): the
agreements in force in a node's subtree, and a rate measured against an AgreementTarget the item links to (the
target stays the federation's record: the item never copies its percentage)."""

from django.utils.translation import gettext as _

from gonghui.orgs.models import Org

from .models import BINDING, Agreement, AgreementTarget
from .stats import Options, node_figures
from .stats.targets import ancestor_paths


def agreements_in_force(node: Org, year: int, params: dict) -> int:
    """Agreements of the node and every union below it that bind now (生效, 履行中, 即将到期)."""
    return Agreement.objects.filter(node__path__startswith=node.path, status__in=BINDING).count()


def _target(params: dict) -> AgreementTarget | None:
    choice = str((params or {}).get("choice", ""))
    return AgreementTarget.objects.filter(pk=int(choice)).first() if choice.isdigit() else None


def target_choices(node: Org, year: int) -> list[tuple[str, str]]:
    """The targets that reach the node for the year (set on it or on a federation above it)."""
    targets = AgreementTarget.objects.filter(node__path__in=ancestor_paths(node), year=year).select_related(
        "kind", "node"
    )
    return [
        (str(t.pk), _("%(node)s：%(target)s") % {"node": t.node.name, "target": str(t)})
        for t in targets.order_by("kind__position", "indicator", "-node__depth")
    ]


def rate_against_target(node: Org, year: int, params: dict):
    """The rate the linked target names (its kind and indicator) for the node's subtree, in percent; None when
    there is nothing to divide by."""
    target = _target(params)
    if target is None:
        return None
    stats = node_figures(node=node, options=Options(year=year))
    rate = stats.total.rates.get(target.kind_id, {}).get(target.indicator)
    return None if rate is None else rate.percent


def target_percent(params: dict):
    target = _target(params)
    return None if target is None else target.percent
