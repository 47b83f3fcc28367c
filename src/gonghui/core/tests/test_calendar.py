"""Working days follow the official holiday and 调休 schedule; deadlines in unknown years are estimates."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.cache import cache

from gonghui.core import calendar
from gonghui.core.calendar import add_days, is_workday, known_year, rule_deadline
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent, CalendarDay, CalendarYear
from gonghui.core.rules import CALENDAR_DAYS, MONTHS, WORKING_DAYS, Rule
from gonghui.core.services import calendar_year_add
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The first days of the 2027 schedule, as an administrator would enter them once it is announced.
NEW_YEAR_2027 = [(date(2027, 1, 1), False, "元旦")]


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_migration_seeds_every_day_of_2026_as_chinesecalendar_has_it():
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    assert [is_workday(d) for d in days] == [chinese_calendar.is_workday(d) for d in days]


def test_spring_festival_2026_weekdays_are_holidays():
    # From the 调休 Saturday before to the 调休 Saturday after: every day off is a Spring Festival day.
    holidays = {d for d in (date(2026, 2, 14) + timedelta(days=i) for i in range(15)) if not is_workday(d)}
    assert holidays == {date(2026, 2, 15) + timedelta(days=i) for i in range(9)}  # 2月15日至23日
    assert CalendarDay.objects.get(date=date(2026, 2, 16)).name == "春节"


def test_tiaoxiu_saturdays_of_spring_festival_2026_are_working_days():
    assert date(2026, 2, 14).weekday() == 5 and date(2026, 2, 28).weekday() == 5
    assert is_workday(date(2026, 2, 14))
    assert is_workday(date(2026, 2, 28))
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).name == "春节调休"


def test_tiaoxiu_saturday_counts_as_a_working_day():
    # Friday 13 February 2026 + 1 working day is the 调休 Saturday, not the Monday after.
    assert add_days(date(2026, 2, 13), 1, WORKING_DAYS).date == date(2026, 2, 14)


def test_working_days_skip_the_whole_spring_festival():
    # From the 调休 Saturday: the next working day is after the nine days off.
    assert add_days(date(2026, 2, 14), 1, WORKING_DAYS).date == date(2026, 2, 24)


def test_ten_working_days_across_national_day():
    start = date(2026, 9, 28)
    deadline = add_days(start, 10, WORKING_DAYS)
    # 9/29, 9/30, (10/1–10/7 off), 10/8, 10/9, 10/10 (调休 Saturday), 10/12–10/16.
    assert deadline.date == date(2026, 10, 16)
    assert deadline.date == chinese_calendar.find_workday(10, start)
    assert not deadline.provisional


def test_the_start_day_itself_is_not_counted():
    assert add_days(date(2026, 3, 2), 1, WORKING_DAYS).date == date(2026, 3, 3)
    assert add_days(date(2026, 3, 2), 1, CALENDAR_DAYS).date == date(2026, 3, 3)


def test_calendar_day_deadline_ending_on_a_holiday_moves_to_the_next_working_day():
    deadline = add_days(date(2026, 9, 21), 10, CALENDAR_DAYS)
    assert deadline.rolled_from == date(2026, 10, 1)
    assert deadline.date == date(2026, 10, 8)


def test_calendar_day_deadline_ending_on_a_sunday_moves_to_monday():
    assert add_days(date(2026, 2, 27), 2, CALENDAR_DAYS).date == date(2026, 3, 2)


def test_calendar_day_deadline_ending_on_a_tiaoxiu_saturday_stays_there():
    deadline = add_days(date(2026, 2, 18), 10, CALENDAR_DAYS)
    assert deadline.date == date(2026, 2, 28)
    assert deadline.rolled_from is None


def test_a_rule_can_switch_the_holiday_carry_over_off():
    fixed = Rule(
        id="test.fixed",
        value=10,
        title="固定日期",
        cite="测试",
        convention=CALENDAR_DAYS,
        holiday_rollover=False,
    )
    assert rule_deadline(fixed, date(2026, 9, 21)).date == date(2026, 10, 1)


def test_months_end_on_the_last_day_when_the_month_is_shorter():
    # 民法典 第二百零二条: no 31 February, so the month's last day — here a 调休 Saturday, a working day.
    assert add_days(date(2026, 1, 31), 1, MONTHS).date == date(2026, 2, 28)


def test_a_window_counted_back_from_expiry_is_not_carried_over_holidays():
    window = Rule(id="test.window", value=3, title="续订", cite="测试", convention=MONTHS, counts_back=True)
    assert rule_deadline(window, date(2027, 1, 1)).date == date(2026, 10, 1)


def test_working_days_counted_back_skip_holidays():
    assert add_days(date(2026, 10, 8), -1, WORKING_DAYS).date == date(2026, 9, 30)


def test_deadline_in_a_year_not_yet_announced_is_provisional_and_does_not_raise():
    assert not known_year(2027)
    deadline = add_days(date(2026, 12, 20), 15, WORKING_DAYS)
    assert deadline.provisional
    assert deadline.unknown_years == (2027,)
    assert deadline.date == date(2027, 1, 11)  # Monday to Friday, less 1 January (元旦, fixed in advance)


def test_the_estimate_skips_the_fixed_statutory_holidays_known_in_advance():
    assert not known_year(2027)
    assert not is_workday(date(2027, 1, 1))  # 元旦, a Friday
    assert not is_workday(date(2027, 10, 1))  # 国庆, a Friday
    assert not any(is_workday(date(2028, 5, d)) for d in (1, 2))  # 劳动节, Monday and Tuesday
    assert not any(is_workday(date(2028, 10, d)) for d in (2, 3))  # 国庆, Monday and Tuesday
    assert is_workday(date(2027, 10, 4))  # the rest of the Golden Week depends on the announced 调休
    deadline = add_days(date(2027, 9, 24), 10, WORKING_DAYS)
    assert deadline.provisional and deadline.date == date(2027, 10, 11)


def test_calendar_day_deadline_in_an_unknown_year_is_provisional_because_it_may_fall_on_a_holiday():
    assert add_days(date(2026, 12, 20), 20, CALENDAR_DAYS).provisional
    assert not add_days(date(2026, 12, 20), 20, CALENDAR_DAYS, holiday_rollover=False).provisional


def test_after_adding_2027_the_deadline_is_final(admin):
    calendar_year_add(actor=admin, year=2027, days=NEW_YEAR_2027, source="国办发明电〔2026〕测试号")
    deadline = add_days(date(2026, 12, 20), 15, WORKING_DAYS)
    assert not deadline.provisional
    assert deadline.date == date(2027, 1, 11)  # 1 January is now a holiday


def test_a_year_added_by_another_process_is_picked_up_here():
    assert add_days(date(2026, 12, 30), 5, WORKING_DAYS).provisional  # loads the table into this process
    CalendarYear.objects.create(year=2027, source="另一进程")
    assert add_days(date(2026, 12, 30), 5, WORKING_DAYS).provisional  # still the cached table
    cache.set(calendar.VERSION_KEY, "published-by-the-other-process")  # its commit hook
    assert not add_days(date(2026, 12, 30), 5, WORKING_DAYS).provisional


def test_counting_days_reads_the_database_only_once(django_assert_num_queries):
    add_days(date(2026, 1, 1), 1, WORKING_DAYS)
    with django_assert_num_queries(0):
        add_days(date(2026, 1, 1), 200, WORKING_DAYS)


# --- Adding a year ------------------------------------------------------------------------------------


def test_adding_a_year_stores_only_days_that_break_the_week_and_is_audited(admin):
    days = [
        (date(2027, 1, 1), False, "元旦"),  # Friday: stored
        (date(2027, 1, 2), False, "元旦"),  # Saturday off anyway: skipped
        (date(2027, 2, 20), True, "春节调休"),  # Saturday worked: stored
    ]
    calendar_year_add(actor=admin, year=2027, days=days, source="国办发明电〔2026〕测试号")
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "is_workday")) == [
        (date(2027, 1, 1), False),
        (date(2027, 2, 20), True),
    ]
    assert CalendarYear.objects.get(year=2027).added_by == admin
    event = AuditEvent.objects.get(action="calendar.year_add")
    assert event.changes["holidays"] == 1 and event.changes["workdays"] == 1


def test_only_a_superuser_adds_a_year():
    with pytest.raises(PermissionDenied):
        calendar_year_add(actor=UserFactory(), year=2027, days=NEW_YEAR_2027, source="通知")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_refuses_a_year_already_known(admin):
    with pytest.raises(Conflict, match="2026 年的放假安排已经录入"):
        calendar_year_add(actor=admin, year=2026, days=[(date(2026, 1, 1), False, "元旦")], source="通知")


def test_refuses_dates_outside_the_year_and_changes_nothing(admin):
    with pytest.raises(DomainError, match="2028-01-03（周一） 不在 2027 年内"):
        calendar_year_add(
            actor=admin, year=2027, days=[*NEW_YEAR_2027, (date(2028, 1, 3), False, "元旦")], source="通知"
        )
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date=date(2027, 1, 1)).exists()


def test_refuses_a_weekday_marked_as_a_working_day(admin):
    with pytest.raises(DomainError, match="2027-02-08（周一） 本来就是工作日"):
        calendar_year_add(actor=admin, year=2027, days=[(date(2027, 2, 8), True, "春节调休")], source="通知")


def test_refuses_the_same_date_twice(admin):
    with pytest.raises(DomainError, match="重复"):
        calendar_year_add(actor=admin, year=2027, days=NEW_YEAR_2027 * 2, source="通知")


def test_refuses_a_year_without_days(admin):
    with pytest.raises(DomainError, match="没有任何日期"):
        calendar_year_add(actor=admin, year=2027, days=[], source="通知")
