"""Joining online (网上入会): every refusal changes nothing; accepting makes one member row, or a transfer for a
member of another union; the committee's answer is audited and told to the applicant."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.tests.clock import TODAY, pinned
from gonghui.notices.models import Notification
from gonghui.orgs.models import Member, MembershipTransfer, MemberStatus, OrgCategory, TransferStatus
from gonghui.orgs.tests.factories import make_id_number, org_child
from gonghui.portal import services
from gonghui.portal.models import ApplicationStatus, JoinApplication, WorkKind

pytestmark = [pytest.mark.django_db, pinned]

ID = make_id_number(date(1994, 7, 1), 321)
WRONG_CHECK = ID[:-1] + ("1" if ID[-1] != "1" else "2")


def _apply(tree, **overrides):
    fields = {
        "actor": None,
        "union": tree.union_a,
        "name": "韩晓东",
        "id_number": ID,
        "phone": "13912345678",
        "employer": "甲机械厂",
        "work_kind": WorkKind.EMPLOYEE,
        **overrides,
    }
    return services.join_apply(**fields)


def test_application_waits_for_the_committee_with_the_rules_deadline(tree):
    application = _apply(tree)
    assert application.status == ApplicationStatus.PENDING
    assert application.deadline == TODAY + timedelta(days=30)
    assert Notification.objects.filter(user=tree.chair_a, url__contains=str(application.pk)).exists()
    event = AuditEvent.objects.get(action="join.apply")
    assert ID not in str(event.changes)  # the log holds the masked number only


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("id_number", WRONG_CHECK, "校验"),
        ("id_number", "12345", "身份证"),
        ("phone", "12345", "手机号"),
        ("name", "  ", "姓名"),
        ("employer", "", "工作单位"),
        ("work_kind", "boss", "就业形态"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(tree, field, value, words):
    with pytest.raises(DomainError) as refused:
        _apply(tree, **{field: value})
    assert words in refused.value.message
    assert not JoinApplication.objects.exists()


def test_new_form_worker_must_choose_an_area_joint_union(tree):
    with pytest.raises(DomainError) as refused:
        _apply(tree, work_kind=WorkKind.NEW_FORM, employer="顺捷快递")
    assert "联合工会" in refused.value.message
    joint = org_child(tree.town_a, "甲镇快递行业联合工会", category=OrgCategory.JOINT)
    application = _apply(tree, work_kind=WorkKind.NEW_FORM, employer="顺捷快递", union=joint)
    assert application.union == joint


def test_second_pending_application_is_refused_even_to_another_union(tree):
    _apply(tree)
    for union in (tree.union_a, tree.union_b):
        with pytest.raises(Conflict) as refused:
            _apply(tree, union=union)
        assert "请勿重复提交" in refused.value.message
    assert JoinApplication.objects.count() == 1


def test_member_of_this_union_is_told_so(tree):
    member = tree.members_a[1]
    with pytest.raises(Conflict) as refused:
        _apply(tree, id_number=member.id_number)
    assert "已是" in refused.value.message
    assert not JoinApplication.objects.exists()


def test_accepting_creates_one_member_linked_to_the_account_it_came_from(tree):
    from gonghui.orgs.tests.factories import UserFactory

    worker = UserFactory(username="worker")
    application = _apply(tree, actor=worker)
    accepted = services.join_accept(actor=tree.staff_a, application=application)
    assert accepted.status == ApplicationStatus.ACCEPTED
    member = Member.objects.get(id_number=ID)
    assert accepted.member == member and member.union == tree.union_a and member.user == worker
    assert member.enterprise == tree.ent_a and member.joined_on == TODAY
    assert Notification.objects.filter(user=worker, text__contains="批准").exists()
    assert AuditEvent.objects.filter(action="join.accept").exists()


def test_double_accept_is_refused_and_makes_no_second_member(tree):
    application = _apply(tree)
    services.join_accept(actor=tree.chair_a, application=application)
    with pytest.raises(Conflict):
        services.join_accept(actor=tree.staff_a, application=application)
    with pytest.raises(Conflict):
        services.join_decline(actor=tree.staff_a, application=application, reason="重复")
    assert Member.objects.filter(id_number=ID).count() == 1


def test_member_of_another_union_comes_by_the_transfer_flow(tree):
    elsewhere = tree.members_b[0]
    application = _apply(tree, id_number=elsewhere.id_number, name=elsewhere.name)
    accepted = services.join_accept(actor=tree.chair_a, application=application)
    assert accepted.status == ApplicationStatus.TRANSFER
    transfer = MembershipTransfer.objects.get(member=elsewhere)
    assert (transfer.from_union, transfer.to_union, transfer.status) == (
        tree.union_b,
        tree.union_a,
        TransferStatus.PENDING,
    )
    assert accepted.transfer == transfer
    assert Member.objects.filter(id_number=elsewhere.id_number).count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.union == tree.union_b  # moves when union B confirms


def test_former_member_of_this_union_is_reinstated_on_the_same_row(tree):
    former = tree.members_a[2]
    Member.objects.filter(pk=former.pk).update(status=MemberStatus.WITHDRAWN)
    application = _apply(tree, id_number=former.id_number, name=former.name)
    services.join_accept(actor=tree.chair_a, application=application)
    former.refresh_from_db()
    assert former.status == MemberStatus.ACTIVE and former.joined_on == TODAY
    assert Member.objects.filter(id_number=former.id_number).count() == 1


def test_declining_needs_a_reason_and_tells_the_applicant(tree):
    from gonghui.orgs.tests.factories import UserFactory

    worker = UserFactory(username="worker")
    application = _apply(tree, actor=worker)
    with pytest.raises(DomainError) as refused:
        services.join_decline(actor=tree.chair_a, application=application, reason="  ")
    assert "理由" in refused.value.message
    declined = services.join_decline(actor=tree.chair_a, application=application, reason="与本单位无劳动关系")
    assert declined.status == ApplicationStatus.DECLINED and declined.reason == "与本单位无劳动关系"
    assert Notification.objects.filter(user=worker, text__contains="与本单位无劳动关系").exists()
    assert not Member.objects.filter(id_number=ID).exists()
    _apply(tree, union=tree.union_b)  # declined is done with: applying elsewhere is allowed


@pytest.mark.parametrize("who", ["cadre_a", "auditor_a", "chair_b", "member_user"])
def test_only_the_unions_committee_decides(tree, who):
    application = _apply(tree)
    with pytest.raises(PermissionDenied):
        services.join_accept(actor=getattr(tree, who), application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert not Member.objects.filter(id_number=ID).exists()


def test_applying_when_the_deadline_rule_lapses_on_a_holiday_moves_it_to_the_next_working_day(tree):
    # 2026-09-01 + 30 days = 2026-10-01, National Day: the period ends on the first working day after.
    assert services.decision_deadline(tree.union_a, date(2026, 9, 1)) > date(2026, 10, 1)
    assert services.decision_deadline(tree.union_a, TODAY) == timezone.localdate() + timedelta(days=30)
