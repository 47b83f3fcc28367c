import io

import pytest
from django.core.management import call_command

from gonghui.activities import progress
from gonghui.activities.models import Activity, ActivityKind, Attendance, Enrolment
from gonghui.core.tests.clock import demo_pinned

pytestmark = [pytest.mark.django_db, demo_pinned]


def test_demo_has_a_year_of_activities_with_attendance_and_a_town_training():
    call_command("demo", stdout=io.StringIO())
    # The showcase union, the school and the town each held some.
    assert Activity.objects.values("node").distinct().count() == 3
    town_training = Activity.objects.get(area_wide=True)
    assert town_training.attendances.values("unit").distinct().count() >= 2
    assert Attendance.objects.count() > 500
    assert Enrolment.objects.filter(member__user__username="huiyuan").exists()
    town = town_training.node
    assert (
        progress.attendance_count(town, 2026)
        == Attendance.objects.filter(unit__path__startswith=town.path).count()
    )


def test_demo_puts_back_the_kinds_an_emptied_database_lost():
    ActivityKind.objects.all().delete()
    call_command("demo", stdout=io.StringIO())
    assert Activity.objects.exists()
