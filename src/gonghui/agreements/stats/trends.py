"""The trend by month: per kind the agreements signed and submitted for review in each of the last
rules.TREND_MONTHS months, and the signing rate at each month's end, reconstructed from the agreements'
dates."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gonghui.orgs.models import Org

from ..models import Agreement, AgreementKind, Coverage
from ..rules import TREND_MONTHS
from ._common import UNIT_WORKERS, Options, _enterprises, stats_node
from .formulas import Rate, percent


@dataclass
class Month:
    month: date  # first day
    end: date  # the day the signing rate is taken: the month's last day, or today in the current month
    signed: dict[int, int] = field(default_factory=dict)
    filed: dict[int, int] = field(default_factory=dict)
    rate: dict[int, Rate] = field(default_factory=dict)


def _months(today: date) -> list[Month]:
    months = []
    first = today.replace(day=1)
    for _step in range(TREND_MONTHS):
        following = (first + timedelta(days=32)).replace(day=1)
        months.append(Month(month=first, end=min(following - timedelta(days=1), today)))
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def _binding_at(day: date, kind: AgreementKind) -> Q:
    """An agreement of the kind binding the enterprise on `day`, reconstructed from its dates: in effect
    (effective_on ≤ day), its term not over (ends_on ≥ day) and not ended early (ended_on unset or later).
    An approximation: an agreement that was binding then but had its dates cleared by an objection and
    re-signing counts from its new dates; enterprises and their workforce are today's."""
    coverage = Coverage.objects.filter(
        enterprise=OuterRef("pk"),
        agreement__kind=kind,
        agreement__effective_on__lte=day,
        agreement__ends_on__gte=day,
    ).filter(Q(agreement__ended_on__isnull=True) | Q(agreement__ended_on__gt=day))
    return Q(Exists(coverage))


def trend(*, user, node: Org, options: Options, today: date | None = None) -> list[Month]:
    """The last rules.TREND_MONTHS months: per kind the agreements signed and submitted for review in each
    month, and the signing rate (in the options' scope and unit) at the month's end. Three queries."""
    stats_node(user=user, node=node)
    today = today or timezone.localdate()
    months = _months(today)
    kinds = list(AgreementKind.objects.all())
    by_month = {m.month: m for m in months}
    for m in months:
        m.signed = dict.fromkeys((k.pk for k in kinds), 0)
        m.filed = dict.fromkeys((k.pk for k in kinds), 0)
    start = months[0].month
    for date_field, attr in (("signed_on", "signed"), ("filed_on", "filed")):
        grouped = (
            Agreement.objects.filter(node__path__startswith=node.path, **{f"{date_field}__gte": start})
            .annotate(month=TruncMonth(date_field))
            .values("month", "kind")
            .annotate(n=Count("pk"))
        )
        for values in grouped:
            month = by_month.get(_as_date(values["month"]))
            if month is not None and values["kind"] in getattr(month, attr):
                getattr(month, attr)[values["kind"]] += values["n"]
    measure = "worker_count" if options.unit == UNIT_WORKERS else None
    aggregates = {"all": Sum(measure) if measure else Count("pk")}
    for i, m in enumerate(months):
        for kind in kinds:
            covered = _binding_at(m.end, kind)
            aggregates[f"m{i}_{kind.pk}"] = (
                Sum(measure, filter=covered) if measure else Count("pk", filter=covered)
            )
    values = _enterprises(node, options).aggregate(**aggregates)
    for i, m in enumerate(months):
        for kind in kinds:
            numerator = values[f"m{i}_{kind.pk}"] or 0
            m.rate[kind.pk] = Rate(numerator, values["all"] or 0, percent(numerator, values["all"] or 0))
    return months


def _as_date(value) -> date | None:
    """TruncMonth gives a date on PostgreSQL and SQLite alike for a DateField; be lenient with datetimes."""
    if value is None:
        return None
    return value.date() if hasattr(value, "date") and callable(value.date) else value
