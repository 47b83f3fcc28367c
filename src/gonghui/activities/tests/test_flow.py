"""Sign-up, cancel, the waiting list, bulk enrolment and check-in, each refusal leaving everything as it was."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from gonghui.activities import selectors, services
from gonghui.activities.models import Activity, ActivityKind, Attendance, Enrolment, EnrolmentStatus
from gonghui.congress.tests.factories import RepresentativeFactory, TermFactory
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.roles import Role
from gonghui.core.tests.clock import pinned
from gonghui.orgs.models import MemberStatus
from gonghui.orgs.tests.factories import MemberFactory, UserFactory, grant

from .factories import activity

pytestmark = [pytest.mark.django_db, pinned]


def _member_user(tree, member, name):
    user = UserFactory(username=name)
    grant(user, member.union, Role.MEMBER)
    member.user = user
    member.save()
    return user


def _next_request(user):
    """The user as the next request loads it (the member record is read once per request)."""
    return type(user).objects.get(pk=user.pk)


def test_kinds_are_seeded_with_their_audience():
    assert ActivityKind.objects.get(name="三八妇女节活动").audience == "women"
    assert ActivityKind.objects.get(name="五四青年节活动").audience == "youth"
    assert ActivityKind.objects.get(name="安全培训/消防演练").is_training
    assert ActivityKind.objects.get(name="外部活动").external


def test_member_signs_up_and_the_audit_log_records_it(tree):
    event = activity(tree.chair_a, tree.union_a)
    enrolment = services.activity_signup(actor=tree.member_user, activity=event)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.unit == tree.union_a
    assert AuditEvent.objects.filter(action="activity.signup", object_id=str(event.pk)).exists()


def test_double_signup_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a)
    services.activity_signup(actor=tree.member_user, activity=event)
    with pytest.raises(Conflict, match="请勿重复报名"):
        services.activity_signup(actor=tree.member_user, activity=event)
    assert Enrolment.objects.filter(activity=event).count() == 1


def test_past_capacity_goes_to_the_waiting_list_and_moves_up_on_cancellation(tree):
    event = activity(tree.chair_a, tree.union_a, capacity=1)
    other = _member_user(tree, tree.members_a[1], "m2")
    services.activity_signup(actor=tree.member_user, activity=event)
    waiting = services.activity_signup(actor=other, activity=event)
    assert waiting.status == EnrolmentStatus.WAITING
    services.activity_cancel(actor=tree.member_user, activity=event)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED


def test_past_capacity_without_a_waiting_list_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="安全培训/消防演练", capacity=1)
    other = _member_user(tree, tree.members_a[1], "m2")
    services.activity_signup(actor=tree.member_user, activity=event)
    with pytest.raises(Conflict, match="名额已满"):
        services.activity_signup(actor=other, activity=event)
    assert Enrolment.objects.filter(activity=event).count() == 1


def test_signup_outside_the_window_is_refused(tree):
    now = timezone.now()
    event = activity(tree.chair_a, tree.union_a, signup_opens=now + timedelta(days=1))
    with pytest.raises(DomainError, match="报名尚未开始"):
        services.activity_signup(actor=tree.member_user, activity=event)
    closed = activity(
        tree.chair_a, tree.union_a, days=2, signup_closes=now - timedelta(hours=1), signup_opens=None
    )
    with pytest.raises(DomainError, match="报名已于"):
        services.activity_signup(actor=tree.member_user, activity=closed)
    assert not Enrolment.objects.exists()


def test_signup_outside_the_audience_is_refused(tree):
    women = activity(tree.chair_a, tree.union_a, kind_name="三八妇女节活动")
    tree.members_a[0].sex = "M"
    tree.members_a[0].save()
    with pytest.raises(DomainError, match="只面向女职工"):
        services.activity_signup(actor=tree.member_user, activity=women)
    woman = _member_user(tree, tree.member_a_branch, "woman")
    assert services.activity_signup(actor=woman, activity=women).status == EnrolmentStatus.ENROLLED


def test_youth_uses_the_member_statistics_rule(tree):
    youth = activity(tree.chair_a, tree.union_a, kind_name="五四青年节活动")
    member = tree.members_a[0]
    member.birth_date = youth.starts_at.date().replace(year=youth.starts_at.year - 36)
    member.save()
    with pytest.raises(DomainError, match="35 周岁以下"):
        services.activity_signup(actor=tree.member_user, activity=youth)
    member.birth_date = youth.starts_at.date().replace(year=youth.starts_at.year - 30)
    member.save()
    assert services.activity_signup(actor=_next_request(tree.member_user), activity=youth)


def test_retirees_cadres_and_representatives(tree):
    retirees = activity(tree.chair_a, tree.union_a, kind_name="退休职工活动")
    with pytest.raises(DomainError, match="只面向退休职工"):
        services.activity_signup(actor=tree.member_user, activity=retirees)
    cadres = activity(tree.chair_a, tree.union_a, kind_name="干部培训")
    with pytest.raises(DomainError, match="只面向工会干部"):
        services.activity_signup(actor=tree.member_user, activity=cadres)
    reps = activity(tree.chair_a, tree.union_a, kind_name="职工代表培训")
    with pytest.raises(DomainError, match="只面向在任职工代表"):
        services.activity_signup(actor=tree.member_user, activity=reps)
    RepresentativeFactory(term=TermFactory(node=tree.union_a), member=tree.members_a[0])
    assert services.activity_signup(actor=tree.member_user, activity=reps)
    tree.members_a[0].status = MemberStatus.RETIRED
    tree.members_a[0].save()
    assert services.activity_signup(actor=_next_request(tree.member_user), activity=retirees)


def test_unit_audience(tree):
    event = activity(tree.chair_a, tree.union_a, audience="unit", audience_unit=tree.branch_a)
    with pytest.raises(DomainError, match="一车间分会"):
        services.activity_signup(actor=tree.member_user, activity=event)
    inside = _member_user(tree, tree.member_a_branch, "inside")
    assert services.activity_signup(actor=inside, activity=event)


def test_another_unions_member_is_outside_the_audience(tree):
    event = activity(tree.chair_a, tree.union_a)
    stranger = _member_user(tree, tree.members_b[0], "stranger")
    with pytest.raises(DomainError, match="甲机械厂工会所属会员"):
        services.activity_signup(actor=stranger, activity=event)


def test_a_user_without_a_member_record_cannot_sign_up(tree):
    event = activity(tree.chair_a, tree.union_a)
    with pytest.raises(PermissionDenied, match="没有关联会员"):
        services.activity_signup(actor=tree.chair_a, activity=event)


def test_creating_refuses_bad_input(tree):
    now = timezone.now()
    with pytest.raises(DomainError, match="结束时间不能早于开始时间"):
        activity(tree.chair_a, tree.union_a, ends_at=now)
    with pytest.raises(DomainError, match="请填写活动名称"):
        activity(tree.chair_a, tree.union_a, title="  ")
    with pytest.raises(DomainError, match="名额须为正整数"):
        activity(tree.chair_a, tree.union_a, capacity=0)
    with pytest.raises(DomainError, match="培训须填写学时"):
        activity(tree.chair_a, tree.union_a, kind_name="技能培训", hours=0)
    with pytest.raises(DomainError, match="费用须在"):
        activity(tree.chair_a, tree.union_a, cost=Decimal(-1))
    with pytest.raises(PermissionDenied):
        activity(tree.chair_b, tree.union_a)
    assert not Activity.objects.exists()


def test_staff_enrol_in_bulk_and_refuse_the_whole_list_for_one_stranger(tree):
    event = activity(tree.chair_a, tree.union_a, capacity=2)
    with pytest.raises(DomainError, match=tree.members_b[0].name):
        services.activity_enrol(
            actor=tree.staff_a, activity=event, members=[*tree.members_a, tree.members_b[0]]
        )
    assert not Enrolment.objects.exists()
    result = services.activity_enrol(actor=tree.staff_a, activity=event, members=tree.members_a)
    assert result == {"enrolled": 2, "waiting": 1, "already": 0}
    again = services.activity_enrol(actor=tree.staff_a, activity=event, members=tree.members_a)
    assert again["already"] == 3


def test_area_wide_activity_is_enrolled_by_the_units_and_counted_by_unit(tree):
    training = activity(tree.cadre_a, tree.town_a, kind_name="技能培训", area_wide=True)
    other = MemberFactory(union=tree.union_a2)
    chair_a2 = UserFactory(username="chair_a2")
    grant(chair_a2, tree.union_a2, Role.UNION_CHAIR)
    assert selectors.activity_get(user=tree.chair_a, pk=training.pk)
    services.activity_enrol(actor=tree.chair_a, activity=training, members=tree.members_a[:2])
    with pytest.raises(DomainError, match="不在您可报名的范围内"):
        services.activity_enrol(actor=tree.chair_a, activity=training, members=[other])
    services.activity_enrol(actor=chair_a2, activity=training, members=[other])
    services.activity_attend(actor=tree.chair_a, activity=training, members=tree.members_a[:2])
    services.activity_attend(actor=chair_a2, activity=training, members=[other])
    ranking = selectors.activity_unit_counts(training)
    assert [(r["unit__name"], r["times"]) for r in ranking] == [("甲机械厂工会", 2), ("甲物流公司工会", 1)]
    # The chair of union A sees only their own people on the list.
    assert {e.member.union_id for e in selectors.enrolment_list(user=tree.chair_a, activity=training)} == {
        tree.union_a.pk
    }


def _checkin(tree, event, code=None):
    return services.activity_checkin(
        actor=tree.member_user, activity=event, code=code or services.checkin_code(event)
    )


def test_qr_checkin_records_attendance_with_training_hours(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="技能培训", hours=Decimal("3.5"))
    event = services.activity_checkin_open(actor=tree.staff_a, activity=event)
    attendance = _checkin(tree, event)
    assert attendance.hours == Decimal("3.5")
    assert attendance.method == "qr"


def test_double_checkin_is_refused(tree):
    event = services.activity_checkin_open(actor=tree.staff_a, activity=activity(tree.chair_a, tree.union_a))
    _checkin(tree, event)
    with pytest.raises(Conflict, match="无需重复签到"):
        _checkin(tree, event)
    assert Attendance.objects.count() == 1


def test_forged_expired_and_replayed_codes_are_refused(tree):
    event = services.activity_checkin_open(actor=tree.staff_a, activity=activity(tree.chair_a, tree.union_a))
    other = services.activity_checkin_open(actor=tree.staff_a, activity=activity(tree.chair_a, tree.union_a))
    code = services.checkin_code(event)
    with pytest.raises(DomainError, match="签到码无效"):
        _checkin(tree, event, code[:-2] + ("AA" if not code.endswith("AA") else "BB"))
    with pytest.raises(DomainError, match="签到码无效"):
        _checkin(tree, event, signing.TimestampSigner(salt="other").sign_object({"a": event.pk}))
    with pytest.raises(DomainError, match="不属于本活动"):
        _checkin(tree, event, services.checkin_code(other))
    later = timezone.now() + timedelta(seconds=services.code_max_age() + 1)
    with time_machine.travel(later), pytest.raises(DomainError, match="已过期"):
        _checkin(tree, event, code)
    # Check-in opened again: the codes shown before are void.
    event = services.activity_checkin_open(actor=tree.staff_a, activity=event)
    with pytest.raises(DomainError, match="已失效"):
        _checkin(tree, event, code)
    closed = services.activity_checkin_open(actor=tree.staff_a, activity=event, open_=False)
    with pytest.raises(DomainError, match="已失效"):
        _checkin(tree, closed, services.checkin_code(closed))
    assert not Attendance.objects.exists()


def test_only_organisers_open_checkin(tree):
    event = activity(tree.chair_a, tree.union_a)
    with pytest.raises(PermissionDenied):
        services.activity_checkin_open(actor=tree.member_user, activity=event)


def test_external_event_records_who_went_and_takes_no_signups(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="外部活动", organisers="省总工会")
    with pytest.raises(DomainError, match="不接受个人报名"):
        services.activity_signup(actor=tree.member_user, activity=event)
    result = services.activity_attend(actor=tree.staff_a, activity=event, members=tree.members_a[:2])
    assert result == {"added": 2, "already": 0}
    assert set(Attendance.objects.values_list("method", flat=True)) == {"external"}


def test_year_counts_give_times_and_distinct_people(tree):
    first = activity(tree.chair_a, tree.union_a)
    second = activity(tree.chair_a, tree.union_a, kind_name="技能培训")
    services.activity_attend(actor=tree.staff_a, activity=first, members=tree.members_a)
    services.activity_attend(actor=tree.staff_a, activity=second, members=tree.members_a[:1])
    counts = selectors.year_counts(user=tree.cadre_a, node=tree.town_a, year=timezone.localdate().year)
    assert (counts["times"], counts["people"], counts["held"], counts["trainings"]) == (4, 3, 2, 1)


def test_cancel_after_the_start_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a)
    services.activity_signup(actor=tree.member_user, activity=event)
    started = event.starts_at + timedelta(minutes=1)
    with time_machine.travel(started), pytest.raises(DomainError, match="活动已开始"):
        services.activity_cancel(actor=tree.member_user, activity=event)
    assert Enrolment.objects.get().status == EnrolmentStatus.ENROLLED
