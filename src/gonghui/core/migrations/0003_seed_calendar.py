"""Seed the holiday calendar from the chinesecalendar package, so `migrate` gives a ready calendar offline.

Only days that break the Monday–Friday pattern are stored: holidays on weekdays and 调休 weekends worked in
exchange. Years after the package's last one are added by an administrator on the calendar page.
"""

from importlib.metadata import version

from django.db import migrations


def _source() -> str:
    return f"chinesecalendar {version('chinesecalendar')}"


def seed(apps, schema_editor):
    from chinese_calendar.constants import Holiday, holidays, workdays

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    days = [
        CalendarDay(date=day, is_workday=False, name=Holiday(english).chinese)
        for day, english in holidays.items()
        if day.weekday() < 5
    ] + [
        CalendarDay(date=day, is_workday=True, name=f"{Holiday(english).chinese}调休")
        for day, english in workdays.items()
        if day.weekday() >= 5
    ]
    CalendarDay.objects.bulk_create(days)
    # Every year from the first to the last the package covers: a year with no special days is still known.
    years = range(min(holidays).year, max(holidays).year + 1)
    CalendarYear.objects.bulk_create([CalendarYear(year=year, source=_source()) for year in years])


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    seeded = list(
        CalendarYear.objects.filter(source__startswith="chinesecalendar ").values_list("year", flat=True)
    )
    CalendarDay.objects.filter(date__year__in=seeded).delete()
    CalendarYear.objects.filter(year__in=seeded).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_postgres_guards")]
    operations = [migrations.RunPython(seed, unseed)]
