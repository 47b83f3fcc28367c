"""Reads of activities, scoped to who may see them (out of scope → NotFound):

- organisers and readers (MANAGE_ACTIVITIES / VIEW_ACTIVITIES) see every activity held in their reach;
- a member sees the activities of their own union and of the federations above it;
- a union's organisers also see the area-wide activities of the federations above them, to enrol people.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError, NotFound
from gonghui.core.peoplesheet import read_people
from gonghui.core.spreadsheets import read_rows
from gonghui.orgs.models import Member, Org
from gonghui.orgs.selectors import has_cap, member_scope_q, reach_paths, reach_q

from .models import Activity, Attendance, Enrolment, EnrolmentStatus
from .roles import ActivityCap


def ancestor_paths(path: str) -> list[str]:
    """The node's own path and each of its ancestors' (treebeard MP: a fixed step per level)."""
    return [path[:i] for i in range(Org.steplen, len(path) + 1, Org.steplen)]


def _above(paths: list[str]) -> list[str]:
    return sorted({p for path in paths for p in ancestor_paths(path)})


def member_of(user) -> Member | None:
    """The user's member record, read once per request (kept on the user object, as orgs keeps the roles):
    the check-in path asks for it in the selector and again in the service."""
    if not hasattr(user, "_activities_member"):
        # Only the union is used here: a narrower select than orgs.own_member's, compiled on every check-in.
        found = None
        if user.is_authenticated:
            found = Member.objects.select_related("union").filter(user=user).first()
        user._activities_member = found
    return user._activities_member


def _visible_q(user) -> Q:
    query = reach_q(user, ActivityCap.VIEW_ACTIVITIES) | reach_q(user, ActivityCap.MANAGE_ACTIVITIES)
    member = member_of(user)
    if member is not None:
        query |= Q(node__path__in=ancestor_paths(member.union.path))
    organiser_paths = [p for p in reach_paths(user, ActivityCap.MANAGE_ACTIVITIES) if p]
    if organiser_paths:
        query |= Q(area_wide=True, node__path__in=_above(organiser_paths))
    return query


def activity_list(*, user, year: int | None = None, search: str = "") -> QuerySet[Activity]:
    if not user.is_authenticated:
        return Activity.objects.none()
    activities = Activity.objects.filter(_visible_q(user)).select_related("node", "kind")
    if year:
        activities = activities.filter(starts_at__year=year)
    if search.strip():
        activities = activities.filter(title__contains=search.strip())
    return activities


def can_see(user, activity: Activity) -> bool:
    """The rule of `_visible_q` for one activity, decided in Python: a check-in storm reads one activity per
    request, and building the reach query cost more than the insert (docs/benchmarks.md, "Check-in storm")."""
    if not user.is_authenticated:
        return False
    path = activity.node.path
    member = member_of(user)
    if member is not None and member.union.path.startswith(path):
        return True
    if has_cap(user, ActivityCap.VIEW_ACTIVITIES, activity.node) or can_manage(user, activity):
        return True
    organiser_paths = reach_paths(user, ActivityCap.MANAGE_ACTIVITIES)
    return activity.area_wide and any(p.startswith(path) for p in organiser_paths if p)


def activity_get(*, user, pk: int) -> Activity:
    activity = Activity.objects.select_related("node", "kind").filter(pk=pk).first()
    if activity is None or not can_see(user, activity):
        raise NotFound()
    return activity


def can_manage(user, activity: Activity) -> bool:
    return has_cap(user, ActivityCap.MANAGE_ACTIVITIES, activity.node)


def can_read_counts(user, activity: Activity) -> bool:
    return can_manage(user, activity) or has_cap(user, ActivityCap.VIEW_ACTIVITIES, activity.node)


def enrolling_units(user, activity: Activity) -> list[Org]:
    """Where the user may enrol people into `activity`: its own node when they organise it, or, for an
    area-wide activity, the unions below it that they organise."""
    if can_manage(user, activity):
        return [activity.node]
    if not activity.area_wide:
        return []
    paths = [p for p in reach_paths(user, ActivityCap.MANAGE_ACTIVITIES) if p.startswith(activity.node.path)]
    return list(Org.objects.filter(path__in=paths).order_by("path"))


def enrollable_members(user, activity: Activity) -> QuerySet[Member]:
    """Members the user may enrol or tick into the activity: on the rosters below the units they enrol for and
    below the activity's node."""
    query = Q(pk__in=[])
    for unit in enrolling_units(user, activity):
        query |= Q(union__path__startswith=unit.path)
    return Member.objects.filter(query, union__path__startswith=activity.node.path)


def own_enrolment(user, activity: Activity) -> Enrolment | None:
    member = member_of(user)
    if member is None:
        return None
    return Enrolment.objects.filter(activity=activity, member=member).first()


def own_attendance(user, activity: Activity) -> Attendance | None:
    member = member_of(user)
    if member is None:
        return None
    return Attendance.objects.filter(activity=activity, member=member).first()


def recent_card_checkins(*, user, activity: Activity) -> QuerySet[Attendance]:
    """The latest card check-ins of the people the user may tick in, newest first (the scanning desk's list)."""
    return (
        Attendance.objects.filter(
            activity=activity, method="card", member__in=enrollable_members(user, activity)
        )
        .select_related("member", "unit")
        .order_by("-at", "-id")
    )


def enrolment_list(*, user, activity: Activity) -> QuerySet[Enrolment]:
    """Who signed up: the organisers see everyone, a union's organisers their own people."""
    query = Q(pk__in=[])
    for unit in enrolling_units(user, activity):
        query |= Q(member__union__path__startswith=unit.path)
    return Enrolment.objects.filter(query, activity=activity).select_related("member", "unit")


def counts(activity: Activity) -> dict:
    return {
        "enrolled": activity.enrolments.filter(status=EnrolmentStatus.ENROLLED).count(),
        "waiting": activity.enrolments.filter(status=EnrolmentStatus.WAITING).count(),
        "attended": activity.attendances.count(),
    }


def my_activities(member: Member) -> dict:
    """For the member's own home (我的): what they signed up for, what they attended, and their training hours
    this year."""
    year = timezone.localdate().year
    attended = Attendance.objects.filter(member=member).select_related("activity__kind").order_by("-at")
    return {
        "enrolled": Enrolment.objects.filter(member=member)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("activity__kind")
        .order_by("-activity__starts_at"),
        "attended": attended,
        "hours": attended.filter(at__year=year).aggregate(h=Sum("hours"))["h"] or 0,
    }


def open_signups(user) -> QuerySet[Activity]:
    """Activities of the member's unions whose sign-up is open now and that the member has not signed up for."""
    member = member_of(user)
    if member is None:
        return Activity.objects.none()
    now = timezone.now()
    return (
        Activity.objects.filter(node__path__in=ancestor_paths(member.union.path), starts_at__gt=now)
        .filter(Q(signup_opens__isnull=True) | Q(signup_opens__lte=now))
        .filter(Q(signup_closes__isnull=True) | Q(signup_closes__gt=now))
        .exclude(kind__external=True)
        .exclude(enrolments__member=member)
    )


# --- Counts (人次 and people) ------------------------------------------------------------------------


def year_counts(*, user, node: Org, year: int) -> dict:
    """Per unit and in total for the year, over the activities held in `node`'s subtree and the people of its
    subtree at area-wide activities above it: 人次 (attendance rows), distinct people, activities held."""
    if not (
        has_cap(user, ActivityCap.VIEW_ACTIVITIES, node) or has_cap(user, ActivityCap.MANAGE_ACTIVITIES, node)
    ):
        raise NotFound()
    rows = Attendance.objects.filter(at__year=year, unit__path__startswith=node.path)
    by_unit = list(
        rows.values("unit__id", "unit__name")
        .annotate(times=Count("id"), people=Count("member", distinct=True), hours=Sum("hours"))
        .order_by("-times", "unit__name")
    )
    held = Activity.objects.filter(node__path__startswith=node.path, starts_at__year=year)
    return {
        "year": year,
        "times": rows.count(),
        "people": rows.values("member").distinct().count(),
        "held": held.count(),
        "trainings": held.filter(is_training=True).count(),
        "by_unit": by_unit,
    }


def activity_unit_counts(activity: Activity) -> list[dict]:
    """An (area-wide) activity's attendance by unit, most first: the ranking."""
    return list(
        activity.attendances.values("unit__id", "unit__name")
        .annotate(times=Count("id"), people=Count("member", distinct=True))
        .order_by("-times", "unit__name")
    )


def year_choices(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, today.year - 5, -1))


def members_from_input(
    *, user, activity: Activity, unit: Org | None = None, ids: str = "", sheet=None
) -> list[Member]:
    """The people staff named for an activity: everyone in `unit`, the ID numbers pasted in `ids`, and those
    of an uploaded sheet (core.peoplesheet: full-width digits, 15-digit forms and masked numbers handled as
    in the roster import). Any number not on a roster the user enrols for is a problem; all problems come
    back at once as one DomainError."""
    allowed = enrollable_members(user, activity).filter(status__in=("active", "retired"))
    found: dict[int, Member] = {}
    if unit is not None:
        for member in allowed.filter(member_scope_q(unit)):
            found[member.pk] = member
    sheets = []
    if ids.strip():
        sheets.append(
            (_("粘贴的名单"), read_people([[line] for line in ids.splitlines()], header_required=False))
        )
    if sheet is not None:
        sheets.append((sheet.name, read_people(read_rows(sheet.read(), sheet.name))))
    problems = []
    for source, people in sheets:
        by_id = {m.id_number: m for m in allowed.filter(id_number__in=people.id_numbers())}
        for person in people.people:
            if person.id_number in by_id:
                found[by_id[person.id_number].pk] = by_id[person.id_number]
            else:
                people.add_problem(
                    person.row,
                    _("尾号 %(tail)s 的身份证号不在您可报名的会员名册上。") % {"tail": person.id_number[-4:]},
                )
        problems += [f"{source}{line}" for line in people.errors(limit=20)]
    if problems:
        raise DomainError(_("未作任何更改：") + "；".join(problems), code="people")
    if not found:
        raise DomainError(_("请选择分会、粘贴身份证号或上传表格。"), code="empty")
    return list(found.values())
