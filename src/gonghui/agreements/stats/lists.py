"""The lists a federation works through: every enterprise in scope with the kinds of agreement binding it,
agreements about to expire, agreements filed late or overdue, and enterprises without any binding agreement."""

from datetime import date, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import enterprise_scope_q

from ..models import BINDING, Agreement, AgreementKind, AgreementStatus, Coverage
from ..rules import EXPIRING_WITHIN_DAYS
from ._common import Options, _binding_coverage, _enterprises, stats_node


def enterprise_kinds(*, user, node: Org, options: Options) -> QuerySet[Enterprise]:
    """Every enterprise in scope; `kinds_in_force` tells the kinds of agreement binding each one."""
    stats_node(user=user, node=node)
    return _enterprises(node, options).select_related("union", "area").order_by("name", "pk")


def kinds_in_force(enterprises) -> dict[int, list[AgreementKind]]:
    """For a page of enterprises: enterprise pk → kinds of binding agreements covering it. One query."""
    found: dict[int, list[AgreementKind]] = {e.pk: [] for e in enterprises}
    coverage = (
        Coverage.objects.filter(enterprise__in=list(found), agreement__status__in=BINDING)
        .select_related("agreement__kind")
        .order_by("agreement__kind__position", "agreement__kind__pk")
    )
    for row in coverage:
        kinds = found[row.enterprise_id]
        if row.agreement.kind not in kinds:
            kinds.append(row.agreement.kind)
    return found


def _agreements(node: Org) -> QuerySet[Agreement]:
    return Agreement.objects.filter(node__path__startswith=node.path).select_related("node", "kind")


def expiring_list(*, user, node: Org, today: date | None = None) -> QuerySet[Agreement]:
    """Binding agreements whose term ends within rules.EXPIRING_WITHIN_DAYS: their renewal is due."""
    stats_node(user=user, node=node)
    today = today or timezone.localdate()
    return (
        _agreements(node)
        .filter(
            status__in=BINDING,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .order_by("ends_on", "pk")
    )


def late_filing_list(*, user, node: Org, today: date | None = None) -> QuerySet[Agreement]:
    """Agreements submitted after the filing deadline, and signed ones still not submitted with the deadline
    passed."""
    stats_node(user=user, node=node)
    today = today or timezone.localdate()
    late = Q(filed_on__isnull=False, filing_due__isnull=False, filed_on__gt=F("filing_due"))
    overdue = Q(status=AgreementStatus.SIGNED, filed_on__isnull=True, filing_due__lt=today)
    return _agreements(node).filter(late | overdue).order_by("filing_due", "pk")


def without_agreement_list(*, user, node: Org, unionised: bool | None = None) -> QuerySet[Enterprise]:
    """Enterprises bound by no agreement of any kind: those with a union, which can negotiate now, and those
    without one, where the federation organises a union or a regional/industry agreement first.
    `unionised` keeps only one of the two."""
    stats_node(user=user, node=node)
    enterprises = Enterprise.objects.filter(enterprise_scope_q(node.path))
    if unionised is not None:
        enterprises = enterprises.filter(union__isnull=not unionised)
    return (
        enterprises.exclude(Exists(_binding_coverage()))
        .select_related("union", "area")
        .annotate(no_union=ExpressionWrapper(Q(union__isnull=True), output_field=BooleanField()))
        .order_by("no_union", "name", "pk")
    )
