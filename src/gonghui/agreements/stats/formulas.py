"""The five rates as named formulas: what one row of the table counts (`Counts`), each rate's numerator,
denominator and scope written out for the page and the export (`FORMULAS`), and how a rate is rounded and
held against its target (`percent`, `Rate`)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy

from ..models import Indicator
from ._common import UNIT_WORKERS, Options


@dataclass
class Counts:
    """What one row of the table (a node, a child, the node's own level) counts for one kind."""

    enterprises: int = 0  # in scope
    workers: int = 0  # of the enterprises in scope
    covered: int = 0  # enterprises covered by a binding agreement of the kind
    covered_workers: int = 0  # their present workers
    coverage_workers: int = 0  # workers recorded on the coverage rows (capped at the present workforce)
    signed: int = 0  # agreements signed in the year
    submitted: int = 0  # … and submitted for review
    on_time: int = 0  # … within the filing deadline
    checked: int = 0  # agreements with a performance check for the year
    performed: int = 0  # … found fully or largely kept

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Formula:
    code: str
    name: str
    numerator: str  # %(scope)s, %(year)s and %(measure)s are filled in from Options.words
    denominator: str
    scope: str
    terms: Callable[[Counts, Options], tuple[int, int]]

    def text(self, options: Options) -> dict:
        words = options.words
        return {
            "code": self.code,
            "name": str(self.name),
            "numerator": str(self.numerator) % words,
            "denominator": str(self.denominator) % words,
            "scope": str(self.scope) % words,
        }


def _signing(c: Counts, o: Options) -> tuple[int, int]:
    return (c.covered_workers, c.workers) if o.unit == UNIT_WORKERS else (c.covered, c.enterprises)


FORMULAS = (
    Formula(
        Indicator.SIGNING,
        Indicator.SIGNING.label,
        gettext_lazy("%(scope)s中被生效合同（含区域性、行业性合同）覆盖的%(measure)s"),
        gettext_lazy("%(scope)s的%(measure)s"),
        gettext_lazy("本级及所属工会、区域内的%(scope)s；%(when)s处于已生效、履行中或即将期满的合同"),
        _signing,
    ),
    Formula(
        Indicator.REVIEW,
        Indicator.REVIEW.label,
        gettext_lazy("%(year)s年签字且已报送劳动保障行政部门审查的合同份数"),
        gettext_lazy("%(year)s年签字的合同份数"),
        gettext_lazy("本级及所属工会签订的合同，按签字日期计入年度"),
        lambda c, o: (c.submitted, c.signed),
    ),
    Formula(
        Indicator.FILING,
        Indicator.FILING.label,
        gettext_lazy(
            "%(year)s年签字、在报送期限内（签字后10日，《集体合同规定》第四十二条）报送备案的合同份数"
        ),
        gettext_lazy("%(year)s年签字且已报送的合同份数"),
        gettext_lazy("本级及所属工会签订的合同，按签字日期计入年度；逾期报送的见“逾期报送”清单"),
        lambda c, o: (c.on_time, c.submitted),
    ),
    Formula(
        Indicator.PERFORMANCE,
        Indicator.PERFORMANCE.label,
        gettext_lazy("%(year)s年度履约检查结果为“全面履行”或“基本履行”的合同份数"),
        gettext_lazy("%(year)s年度登记了履约检查的合同份数"),
        gettext_lazy("本级及所属工会签订、检查时处于履行中的合同"),
        lambda c, o: (c.performed, c.checked),
    ),
    Formula(
        Indicator.COVERAGE,
        Indicator.COVERAGE.label,
        gettext_lazy(
            "%(when)s生效合同覆盖的职工人数（按签字时登记的人数，同一企业取最大值且不超过现有职工数）"
        ),
        gettext_lazy("%(scope)s的职工人数"),
        gettext_lazy("本级及所属工会、区域内的%(scope)s；含区域性、行业性合同覆盖的企业"),
        lambda c, o: (c.coverage_workers, c.workers),
    ),
)
FORMULA = {f.code: f for f in FORMULAS}


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Rounded to 0.1 (half up, as a person rounds); None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    percent: Decimal | None
    target: Decimal | None = None

    @property
    def met(self) -> bool | None:
        """None when there is no target or nothing to measure."""
        if self.target is None or self.percent is None:
            return None
        return self.percent >= self.target
