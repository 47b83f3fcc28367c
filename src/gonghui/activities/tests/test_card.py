"""Staff check a member in by scanning the member's e-card (orgs.cards): the service's refusals and success,
and the scanning page through the Django client."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Attendance, Enrolment, EnrolmentStatus
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.tests.clock import pinned
from gonghui.orgs.cards import CARD_MAX_AGE, card_token
from gonghui.orgs.models import MemberStatus

from .factories import activity

pytestmark = [pytest.mark.django_db, pinned]


def _scan(actor, event, token):
    return services.activity_attend_by_card(actor=actor, activity=event, token=token)


def _nothing_recorded():
    assert not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(action="activity.checkin").exists()


def test_a_scanned_card_checks_the_member_in_with_the_training_hours(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="技能培训", hours=Decimal("2.5"))
    member = tree.members_a[1]
    attendance = _scan(tree.staff_a, event, " " + card_token(member) + "\n")  # a scanner's Enter
    assert (attendance.member, attendance.unit, attendance.method) == (member, tree.union_a, "card")
    assert attendance.hours == Decimal("2.5")
    assert attendance.by == tree.staff_a
    entry = AuditEvent.objects.get(action="activity.checkin", object_id=str(event.pk))
    assert entry.changes == {"member": member.pk, "method": "card"}


def test_forged_damaged_and_empty_cards_are_refused_and_change_nothing(tree):
    event = activity(tree.chair_a, tree.union_a)
    token = card_token(tree.members_a[1])
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_salt = signing.TimestampSigner(salt="elsewhere").sign_object({"m": tree.members_a[1].pk})
    for bad in (tampered, other_salt, "not a card", services.checkin_code(event)):
        with pytest.raises(DomainError, match="无法识别的二维码"):
            _scan(tree.staff_a, event, bad)
    with pytest.raises(DomainError, match="请扫描会员的电子会员卡"):
        _scan(tree.staff_a, event, "  ")
    _nothing_recorded()


def test_an_expired_card_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a)
    token = card_token(tree.members_a[1])
    later = timezone.now() + timedelta(seconds=CARD_MAX_AGE + 1)
    with time_machine.travel(later), pytest.raises(DomainError, match="已过期"):
        _scan(tree.staff_a, event, token)
    _nothing_recorded()


def test_the_card_of_a_member_no_longer_active_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a)
    member = tree.members_a[1]
    token = card_token(member)
    member.status = MemberStatus.WITHDRAWN
    member.save()
    with pytest.raises(DomainError, match="退会"):
        _scan(tree.staff_a, event, token)
    _nothing_recorded()


def test_only_those_who_tick_the_activity_scan_and_only_their_own_people(tree):
    event = activity(tree.chair_a, tree.union_a)
    for outsider in (tree.chair_b, tree.auditor_a, tree.member_user):
        with pytest.raises(PermissionDenied):
            _scan(outsider, event, card_token(tree.members_a[1]))
    with pytest.raises(DomainError, match="不在您可登记的范围内"):
        _scan(tree.staff_a, event, card_token(tree.members_b[0]))
    _nothing_recorded()


def test_a_member_outside_the_audience_is_refused(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="三八妇女节活动")
    man = tree.members_a[1]
    man.sex = "M"
    man.save()
    with pytest.raises(DomainError, match="只面向女职工"):
        _scan(tree.staff_a, event, card_token(man))
    _nothing_recorded()
    assert _scan(tree.staff_a, event, card_token(tree.member_a_branch)).member == tree.member_a_branch


def test_where_places_are_counted_only_those_holding_one_come_in(tree):
    event = activity(tree.chair_a, tree.union_a, capacity=1)
    holder, waiting, stranger = tree.members_a[0], tree.members_a[1], tree.members_a[2]
    services.activity_enrol(actor=tree.staff_a, activity=event, members=[holder, waiting])
    assert Enrolment.objects.get(member=waiting).status == EnrolmentStatus.WAITING
    with pytest.raises(DomainError, match="未取得本活动名额（候补）"):
        _scan(tree.staff_a, event, card_token(waiting))
    with pytest.raises(DomainError, match="未取得本活动名额（未报名）"):
        _scan(tree.staff_a, event, card_token(stranger))
    _nothing_recorded()
    assert _scan(tree.staff_a, event, card_token(holder)).member == holder


def test_an_activity_without_a_capacity_takes_anyone_in_its_audience(tree):
    event = activity(tree.chair_a, tree.union_a)
    assert not services.requires_enrolment(event)
    assert _scan(tree.staff_a, event, card_token(tree.members_a[2])).member == tree.members_a[2]


def test_a_second_scan_is_refused_and_records_nothing_more(tree):
    event = activity(tree.chair_a, tree.union_a)
    _scan(tree.staff_a, event, card_token(tree.members_a[1]))
    with pytest.raises(Conflict, match="无需重复签到"):
        _scan(tree.chair_a, event, card_token(tree.members_a[1]))
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(action="activity.checkin").count() == 1


def test_an_external_event_is_recorded_not_scanned(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="外部活动", organisers="省总工会")
    with pytest.raises(DomainError, match="登记参加人员"):
        _scan(tree.staff_a, event, card_token(tree.members_a[1]))
    _nothing_recorded()


# --- The scanning page ------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_scanning_page_checks_in_each_scan_and_lists_it(tree):
    event = activity(tree.chair_a, tree.union_a)
    staff = _client(tree.staff_a)
    detail = staff.get(reverse("activity_detail", args=[event.pk])).content.decode()
    url = reverse("activity_scan", args=[event.pk])
    assert url in detail
    page = staff.get(url).content.decode()
    assert 'name="card"' in page and "autofocus" in page
    member = tree.members_a[1]
    response = staff.post(url, {"card": card_token(member)}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    assert f"{member.name}签到成功" in page
    assert member.name in page.split('id="card-checkins"')[1]
    assert Attendance.objects.get().method == "card"


def test_a_refused_scan_shows_why_on_the_page_and_changes_nothing(tree):
    event = activity(tree.chair_a, tree.union_a)
    url = reverse("activity_scan", args=[event.pk])
    response = _client(tree.staff_a).post(url, {"card": "x" * 5000}, follow=True)
    assert "无法识别的二维码" in response.content.decode()
    _nothing_recorded()


def test_the_scanning_page_is_not_for_readers_nor_for_external_events(tree):
    event = activity(tree.chair_a, tree.union_a)
    auditor = _client(tree.auditor_a)
    assert (
        reverse("activity_scan", args=[event.pk])
        not in auditor.get(reverse("activity_detail", args=[event.pk])).content.decode()
    )
    assert auditor.get(reverse("activity_scan", args=[event.pk])).status_code == 404
    assert auditor.post(reverse("activity_scan", args=[event.pk]), {"card": "x"}).status_code == 404
    external = activity(tree.chair_a, tree.union_a, kind_name="外部活动", organisers="省总工会")
    staff = _client(tree.staff_a)
    assert (
        reverse("activity_scan", args=[external.pk])
        not in staff.get(reverse("activity_detail", args=[external.pk])).content.decode()
    )
    assert staff.get(reverse("activity_scan", args=[external.pk])).status_code == 404


def test_api_card_checkin(tree):
    event = activity(tree.chair_a, tree.union_a, kind_name="技能培训", hours=Decimal("1.5"))
    member = tree.members_a[1]
    url = f"/api/v1/activities/{event.pk}/card-checkin"
    staff = _client(tree.staff_a)
    done = staff.post(url, {"token": card_token(member)}, content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["member"] == {"id": member.pk, "name": member.name} and body["hours"] == "1.5"
    again = staff.post(url, {"token": card_token(member)}, content_type="application/json")
    assert again.status_code == 409 and "无需重复签到" in again.json()["message"]
    forged = staff.post(url, {"token": "x" * 300}, content_type="application/json")
    assert forged.status_code == 400 and "无法识别的二维码" in forged.json()["message"]
    too_long = staff.post(url, {"token": "x" * 301}, content_type="application/json")
    assert too_long.status_code in (400, 422)
    assert Attendance.objects.count() == 1
