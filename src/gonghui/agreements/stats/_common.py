"""What every part of the statistics shares: the scope and unit switches (`Options`), the check that the user
may see a node's figures (`stats_node`), the enterprises in scope of a node, and the binding coverage of an
enterprise."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.errors import NotFound
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import enterprise_scope_q, has_cap

from ..models import BINDING, AgreementKind, Coverage
from ..roles import AgreementCap

# Scope and unit switches, as the page and the API name them.
SCOPE_ALL, SCOPE_UNIONISED = "all", "unionised"
UNIT_ENTERPRISES, UNIT_WORKERS = "enterprises", "workers"
SCOPES = {SCOPE_ALL: gettext_lazy("全部企业"), SCOPE_UNIONISED: gettext_lazy("已建会企业")}
UNITS = {UNIT_ENTERPRISES: gettext_lazy("按企业数"), UNIT_WORKERS: gettext_lazy("按职工人数")}


@dataclass(frozen=True)
class Options:
    year: int
    scope: str = SCOPE_ALL
    unit: str = UNIT_ENTERPRISES

    @classmethod
    def parse(cls, *, year=None, scope="", unit="") -> "Options":
        """Options from user input; anything unknown falls back to the default (all enterprises, by count,
        this year)."""
        today = timezone.localdate()
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = today.year
        if not 2000 <= year <= today.year:
            year = today.year
        return cls(
            year=year,
            scope=scope if scope in SCOPES else SCOPE_ALL,
            unit=unit if unit in UNITS else UNIT_ENTERPRISES,
        )

    @property
    def as_of(self) -> date | None:
        """The day a past year's rates are taken: its last day, counting the agreements as they stood then
        (from their dates). None for the current year: today's statuses."""
        return date(self.year, 12, 31) if self.year < timezone.localdate().year else None

    @property
    def words(self) -> dict:
        """Text pieces the formulas are written with."""
        return {
            "scope": str(SCOPES[self.scope]),
            "year": self.year,
            "measure": _("职工人数") if self.unit == UNIT_WORKERS else _("企业数"),
            "when": (
                _("%(year)s年12月31日（按合同的生效、期满和终止日期）") % {"year": self.year}
                if self.as_of
                else _("当前")
            ),
        }


def stats_node(*, user, node: Org) -> Org:
    """The node, if the user may see its statistics (AgreementCap.VIEW_AGREEMENT_STATS); NotFound otherwise. Employer
    representatives hold no capability and never get here."""
    if node is None or not has_cap(user, AgreementCap.VIEW_AGREEMENT_STATS, node):
        raise NotFound()
    return node


def _enterprises(node: Org, options: Options) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.filter(enterprise_scope_q(node.path))
    if options.scope == SCOPE_UNIONISED:
        enterprises = enterprises.filter(union__isnull=False)
    return enterprises


def _binding_coverage(kind: AgreementKind | None = None, on: date | None = None) -> QuerySet[Coverage]:
    """Coverage of the enterprise (OuterRef) by a binding agreement: today by its status, or on a past day
    `on` reconstructed from its dates (trends.binding_at)."""
    if on is None:
        coverage = Coverage.objects.filter(enterprise=OuterRef("pk"), agreement__status__in=BINDING)
    else:
        coverage = Coverage.objects.filter(
            Q(agreement__ended_on__isnull=True) | Q(agreement__ended_on__gt=on),
            enterprise=OuterRef("pk"),
            agreement__effective_on__lte=on,
            agreement__ends_on__gte=on,
        )
    return coverage.filter(agreement__kind=kind) if kind is not None else coverage
