"""Rule packs: the domain's numbers and deadlines as data with provenance (docs/domain.md, "Rule packs").

Each app declares its rules in its own rules.py with `register(Rule(...))`. The national rule is the default;
a provincial or system rule with the same id overrides it for unions in that jurisdiction, while in force.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from django.utils import timezone

# How a period is counted. Statutes mix calendar days (集体合同规定: 10/15/20 日), working days (Zhejiang:
# 10/15/5 个工作日) and months (续订: 期满前3个月内); core.calendar does the counting.
CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"
MONTHS = "months"
NOT_A_PERIOD = "none"
CONVENTION_NAMES = {CALENDAR_DAYS: "自然日", WORKING_DAYS: "工作日", MONTHS: "个月", NOT_A_PERIOD: ""}

# Which side of a threshold passes. Statutes distinguish them: "以上/以下/以内" include the number itself,
# "超过/过半数" do not (民法典 第一千二百五十九条), so "半数以上" is ≥ ½ while "过半数" is > ½.
AT_LEAST = "at_least"
MORE_THAN = "more_than"
AT_MOST = "at_most"
BOUND_SIGNS = {AT_LEAST: "≥", MORE_THAN: ">", AT_MOST: "≤"}

NATIONAL = "national"

STATUTE = "statute"  # read in the official published text
SECONDARY = "secondary"  # quoted consistently by several public sources, official text not read
# The statute is named and in force, but no text of the article was read: the rule keeps the national value it
# would have had anyway, and says so in its citation, until someone reads the article (docs/domain.md, Jiangsu).
UNREAD = "unread"

# Names for the jurisdictions rule packs use; orgs.Jurisdiction offers the same keys to administrators.
JURISDICTION_NAMES = {
    NATIONAL: "全国",
    "zhejiang": "浙江省",
    "shanghai": "上海市",
    "beijing": "北京市",
    "jiangsu": "江苏省",
}


@dataclass(frozen=True, kw_only=True)
class Rule:
    id: str
    value: int | float | Fraction
    title: str
    cite: str
    jurisdiction: str = NATIONAL
    convention: str = NOT_A_PERIOD
    unit: str = ""
    bound: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    verified: str = STATUTE
    # 民法典 第二百零三条: a calendar-day or month period whose last day is a rest day or public holiday
    # ends on the next working day. A rule whose text says otherwise (a fixed calendar date) turns this off.
    holiday_rollover: bool = True
    # The period ends at the event instead of starting there: 期满前3个月内 opens a window before expiry.
    counts_back: bool = False
    # The statute's own words for the number, quoted from the text the citation names ("经全体职工代表半数以上
    # …同意"): the catalogue shows them beside the value, so a reader checks "以上" against "过半数" at a glance.
    wording: str = ""
    # "一般为…": the text names the usual value, not a binding one: a page flags a departure, a service does
    # not refuse it (集体合同期限一般为1至3年; Zhejiang's "为一至三年" binds).
    norm: bool = False

    def __post_init__(self) -> None:
        # A typo here would silently fall back to the national rule or count the wrong days: fail at import.
        problems = []
        if self.jurisdiction not in JURISDICTION_NAMES:
            problems.append(f"unknown jurisdiction {self.jurisdiction!r}")
        if self.convention not in CONVENTION_NAMES:
            problems.append(f"unknown convention {self.convention!r}")
        if self.bound and self.bound not in BOUND_SIGNS:
            problems.append(f"unknown bound {self.bound!r}")
        if self.verified not in (STATUTE, SECONDARY, UNREAD):
            problems.append(f"unknown verification status {self.verified!r}")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            problems.append("effective_to is before effective_from")
        if self.is_period and self.value != int(self.value):
            problems.append("a period is a whole number of days or months")
        if problems:
            raise ValueError(f"rule {self.id}: " + "; ".join(problems))

    @property
    def is_period(self) -> bool:
        return self.convention != NOT_A_PERIOD

    @property
    def jurisdiction_name(self) -> str:
        return JURISDICTION_NAMES[self.jurisdiction]

    @property
    def convention_name(self) -> str:
        return CONVENTION_NAMES[self.convention]

    @property
    def value_display(self) -> str:
        """ "≥ 2/3", "10 工作日", "3 年": the number with its bound and unit."""
        parts = (BOUND_SIGNS.get(self.bound, ""), str(self.value), self.unit or self.convention_name)
        return " ".join(part for part in parts if part)

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def __int__(self) -> int:
        return int(self.value)


def unread_in(national: Rule, *, jurisdiction: str, effective_from: date, text: str) -> Rule:
    """A local version of a national rule whose article was not read: the national value under the local
    statute's name, marked UNREAD, its citation saying in plain words that the national rule still applies.
    It starts when both texts are in force: the value is the national text's."""
    return replace(
        national,
        jurisdiction=jurisdiction,
        effective_from=max(effective_from, national.effective_from or effective_from),
        effective_to=None,
        verified=UNREAD,
        wording="",
        cite=f"{text}（条款待核实，暂按{national.cite}）",
    )


REGISTRY: dict[str, list[Rule]] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the pack; returns it, so the national default doubles as a module constant."""
    versions = REGISTRY.setdefault(rule.id, [])
    if any(r.jurisdiction == rule.jurisdiction and r.effective_from == rule.effective_from for r in versions):
        raise ValueError(f"rule {rule.id} registered twice for {rule.jurisdiction}")
    versions.append(rule)
    return rule


def rule_for(rule_id: str, jurisdiction: str | Sequence[str] = NATIONAL, on: date | None = None) -> Rule:
    """The rule in force on `on` for the jurisdiction, falling back to the national one.

    `jurisdiction` may be a chain, nearest first (a city, then its province): the first one with a rule in
    force wins. Raises LookupError when no rule applies, e.g. a Zhejiang-only clock asked for a Beijing union.
    """
    on = on or timezone.localdate()
    chain = [jurisdiction] if isinstance(jurisdiction, str) else list(jurisdiction)
    versions = [r for r in REGISTRY.get(rule_id, []) if r.in_force(on)]
    for wanted in (*chain, NATIONAL):
        matching = [r for r in versions if r.jurisdiction == wanted]
        if matching:
            return max(matching, key=lambda r: r.effective_from or date.min)
    raise LookupError(f"no rule {rule_id} in force on {on} for {chain}")


def all_rules() -> list[Rule]:
    """Every registered version, national first within each rule."""
    return sorted(
        (r for versions in REGISTRY.values() for r in versions),
        key=lambda r: (r.id, r.jurisdiction != NATIONAL, r.jurisdiction, r.effective_from or date.min),
    )
