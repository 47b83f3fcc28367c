"""China's working-day calendar and the deadlines counted on it.

Working days are Monday to Friday, except the days in CalendarDay: public holidays that fall on weekdays and
调休 weekends worked in exchange. The State Council announces each year's schedule only late in the year
before, so a year without a CalendarYear row is estimated Monday to Friday less the holidays whose dates are
fixed (FIXED_HOLIDAYS), and every deadline that depends on it is marked provisional instead of failing.

The table (a few hundred rows) is held in memory per process. A shared version number in the cache tells every
process when an administrator added a year; checking it costs one cache read per deadline, not per day.
"""

import calendar as std_calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .models import CalendarDay, CalendarYear
from .rules import CALENDAR_DAYS, MONTHS, WORKING_DAYS, Rule

VERSION_KEY = "gonghui:calendar:version"


@dataclass(frozen=True)
class _Table:
    version: str
    special: dict[date, bool]  # day → is_workday, for the days that break the Monday–Friday pattern
    years: frozenset[int]

    def is_workday(self, day: date) -> bool:
        if day in self.special:
            return self.special[day]
        if day.year not in self.years and fixed_holiday(day):
            return False
        return day.weekday() < 5


_table: _Table | None = None

# Holidays whose dates the statute fixes, so an estimate for a year not yet announced can skip them
# (《全国年节及纪念日放假办法》第二条: 元旦 1月1日, 劳动节 5月1日, 国庆节 10月1日至3日). The 2024 revision, in
# force from 2025, is reported to add 5月2日 to 劳动节 (not read in an official text: verify). 春节, 清明, 端午 and
# 中秋 follow the lunar or solar-term calendar, and the 调休 weekends are known only from the announcement.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (10, 1), (10, 2), (10, 3))
FIXED_HOLIDAYS_SINCE_2025 = ((5, 2),)

# Sent after an administrator adds a year (inside the same transaction), with `year`: apps that store
# deadlines counted on the calendar recompute the ones that were estimates.
year_added = Signal()


def fixed_holiday(day: date) -> bool:
    """A statutory holiday on a fixed date (FIXED_HOLIDAYS), whatever year it is."""
    fixed = FIXED_HOLIDAYS + (FIXED_HOLIDAYS_SINCE_2025 if day.year >= 2025 else ())
    return (day.month, day.day) in fixed


def _current() -> _Table:
    """The cached table, reloaded when another process (or this one) has published a new version."""
    global _table
    version = cache.get(VERSION_KEY)
    if version is None:  # first use, or evicted from the cache: any fresh value forces one reload
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    if _table is None or _table.version != version:
        _table = _Table(
            version=version,
            special=dict(CalendarDay.objects.values_list("date", "is_workday")),
            years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        )
    return _table


def invalidate() -> None:
    """Forget the table here at once, and in every process when the current transaction commits.

    Publishing the new version before the commit would let another process reload the old rows and keep them
    under the new version until the next change.
    """
    global _table
    _table = None
    transaction.on_commit(_publish_new_version)


def _publish_new_version() -> None:
    global _table
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _table = None


def is_workday(day: date) -> bool:
    """True on a working day; in a year not yet known, Monday to Friday (see known_year)."""
    return _current().is_workday(day)


def known_year(year: int) -> bool:
    """Whether the official holiday schedule of `year` is in the table."""
    return year in _current().years


def estimated(day: date) -> bool:
    """Whether a stored deadline on `day` is still an estimate: its year's schedule is not known yet (a
    deadline is recomputed when the year is added, so one in a known year is final)."""
    return not known_year(day.year)


@dataclass(frozen=True)
class Deadline:
    """The last day of a period, with what it was counted from and whether it is only an estimate."""

    date: date
    provisional: bool
    start: date
    n: int
    convention: str
    # The nominal last day, when it was a rest day or holiday and the period was carried to the next
    # working day.
    rolled_from: date | None = None
    # Years whose schedule the count depended on but which are not known yet: why it is provisional.
    unknown_years: tuple[int, ...] = ()
    rule: Rule | None = None


def add_days(
    start: date,
    n: int,
    convention: str,
    *,
    holiday_rollover: bool = True,
    rule: Rule | None = None,
) -> Deadline:
    """The last day of a period of `n` days (or months) counted from `start`; a negative `n` counts back.

    The day of `start` itself is not counted: "within 10 working days of X" ends on the 10th working day
    after X (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算; 民事诉讼法 第八十五条 likewise).

    Calendar-day and month periods whose last day is a rest day or public holiday end on the next working
    day (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日; weekends
    count as rest days, 调休 Saturdays as working days). That applies to the end of a period only, so counting
    back (the opening of a renewal window before expiry) is never carried.
    """
    table = _current()
    rolled_from = None
    if convention == WORKING_DAYS:
        end = _count_working_days(table, start, n)
        consulted = _years_between(start, end)
    elif convention in (CALENDAR_DAYS, MONTHS):
        end = start + timedelta(days=n) if convention == CALENDAR_DAYS else _add_months(start, n)
        consulted = set()
        if holiday_rollover and n > 0:
            nominal = end
            while not table.is_workday(end):
                end += timedelta(days=1)
            rolled_from = nominal if end != nominal else None
            consulted = _years_between(nominal, end)
    else:
        raise ValueError(f"{convention!r} is not a way of counting days")
    unknown = tuple(sorted(year for year in consulted if year not in table.years))
    return Deadline(
        date=end,
        provisional=bool(unknown),
        start=start,
        n=n,
        convention=convention,
        rolled_from=rolled_from,
        unknown_years=unknown,
        rule=rule,
    )


def rule_deadline(rule: Rule, start: date) -> Deadline:
    """The day a rule's period ends when it starts on `start` (receipt of a request, signing, filing…); for a
    rule that counts back, the day its window opens before the event on `start` (expiry)."""
    if not rule.is_period:
        raise ValueError(f"rule {rule.id} is a threshold, not a period")
    n = -int(rule.value) if rule.counts_back else int(rule.value)
    return add_days(start, n, rule.convention, holiday_rollover=rule.holiday_rollover, rule=rule)


WEEKDAYS = "一二三四五六日"


def format_day(day: date) -> str:
    return _("%(date)s（周%(weekday)s）") % {"date": day.isoformat(), "weekday": WEEKDAYS[day.weekday()]}


def explain(deadline: Deadline) -> list[str]:
    """Why the date is what it is: the rule and its source, a holiday carry-over, an estimate."""
    notes = []
    if deadline.rule is not None:
        rule = deadline.rule
        notes.append(
            _("%(title)s：%(value)s，依据%(cite)s")
            % {"title": rule.title, "value": rule.value_display, "cite": rule.cite}
        )
        if rule.counts_back:
            notes.append(_("从起算日（如合同期满日）往前倒算，所示日期是可以开始办理的第一天"))
    if deadline.rolled_from is not None:
        notes.append(
            _("原到期日 %(day)s 是休息日或节假日，顺延至其后第一个工作日（《民法典》第二百零三条）")
            % {"day": format_day(deadline.rolled_from)}
        )
    if deadline.provisional:
        notes.append(
            _(
                "%(years)s 年的放假安排尚未公布或尚未录入，暂按周一至周五（除元旦、劳动节、国庆节等固定日期的"
                "节日）估算，录入后以正式安排为准"
            )
            % {"years": "、".join(str(year) for year in deadline.unknown_years)}
        )
    return notes


def _count_working_days(table: _Table, start: date, n: int) -> date:
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if table.is_workday(day):
            remaining -= 1
    return day


def _add_months(start: date, n: int) -> date:
    """Same day n months later; the month's last day when it has no such day (民法典 第二百零二条)."""
    month_index = start.year * 12 + start.month - 1 + n
    year, month = divmod(month_index, 12)
    last = std_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def _years_between(a: date, b: date) -> set[int]:
    return set(range(min(a, b).year, max(a, b).year + 1))


def special_days(year: int) -> list[CalendarDay]:
    """The days of `year` that break the Monday–Friday pattern, for the calendar page."""
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))


def known_years() -> list[CalendarYear]:
    return list(CalendarYear.objects.select_related("added_by").order_by("-year"))
