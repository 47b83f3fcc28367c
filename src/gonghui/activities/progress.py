"""Plain numbers for the annual plan's progress (plans): activities held, 人次, trainings held and training
hours, for a node and its whole subtree in one year. Counted where the activity was held (held, trainings) and
where the people who came belong (人次, hours), so a town's area-wide training counts toward each union that
sent people as well as toward the town."""

from django.db.models import Sum

from gonghui.orgs.models import Org

from .models import Activity, Attendance


def _held(node: Org, year: int):
    return Activity.objects.filter(node__path__startswith=node.path, starts_at__year=year)


def activities_held(node: Org, year: int, params: dict | None = None) -> int:
    return _held(node, year).count()


def attendance_count(node: Org, year: int, params: dict | None = None) -> int:
    """人次: one per person per activity attended."""
    return Attendance.objects.filter(unit__path__startswith=node.path, at__year=year).count()


def trainings_held(node: Org, year: int, params: dict | None = None) -> int:
    return _held(node, year).filter(is_training=True).count()


def training_hours(node: Org, year: int, params: dict | None = None) -> float:
    """Hours of training attended by the node's people (学时 × persons)."""
    total = Attendance.objects.filter(unit__path__startswith=node.path, at__year=year).aggregate(
        h=Sum("hours")
    )
    return float(total["h"] or 0)
