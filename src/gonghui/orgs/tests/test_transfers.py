"""会员关系接转: one side asks, the other confirms; the member moves only on confirmation, once."""

import pytest
from django.urls import reverse

from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.orgs import services
from gonghui.orgs.models import Member, MembershipTransfer, MemberStatus, TransferStatus

pytestmark = pytest.mark.django_db


def test_transfer_moves_member_only_after_the_other_side_accepts(tree):
    member = tree.members_a[1]
    transfer = services.transfer_request(
        actor=tree.chair_a, member=member, to_union=tree.union_b, reason="调动"
    )
    assert Member.objects.get(pk=member.pk).union == tree.union_a
    with pytest.raises(PermissionDenied):
        services.transfer_accept(actor=tree.chair_a, transfer=transfer)
    services.transfer_accept(actor=tree.chair_b, transfer=transfer)
    moved = Member.objects.get(pk=member.pk)
    assert (moved.union, moved.enterprise) == (tree.union_b, None)


def test_accepting_twice_is_refused_and_changes_nothing(tree):
    transfer = services.transfer_request(actor=tree.chair_a, member=tree.members_a[1], to_union=tree.union_b)
    services.transfer_accept(actor=tree.chair_b, transfer=transfer)
    with pytest.raises(Conflict, match="已处理"):
        services.transfer_reject(actor=tree.chair_b, transfer=transfer, note="晚了")


def test_second_pending_request_for_the_same_person_is_refused(tree):
    member = tree.members_a[1]
    services.transfer_request(actor=tree.chair_a, member=member, to_union=tree.union_b)
    with pytest.raises(Conflict, match="待处理"):
        services.transfer_request(actor=tree.chair_a, member=member, to_union=tree.union_a2)


def test_receiving_union_may_start_and_the_releasing_union_confirms(tree):
    member = tree.members_b[0]
    transfer = services.transfer_request(actor=tree.chair_a, member=member, to_union=tree.union_a)
    assert transfer.requested_by_side == "to"
    services.transfer_accept(actor=tree.chair_b, transfer=transfer)
    assert Member.objects.get(pk=member.pk).union == tree.union_a


def test_reject_needs_a_reason(tree):
    transfer = services.transfer_request(actor=tree.chair_a, member=tree.members_a[1], to_union=tree.union_b)
    with pytest.raises(DomainError, match="原因"):
        services.transfer_reject(actor=tree.chair_b, transfer=transfer, note=" ")
    assert transfer.__class__.objects.get(pk=transfer.pk).status == TransferStatus.PENDING


def test_unrelated_union_cannot_request(tree):
    with pytest.raises(NotFound):
        services.transfer_request(actor=tree.chair_b, member=tree.members_a[1], to_union=tree.union_a2)


def test_retired_member_cannot_be_transferred(tree):
    member = tree.members_a[2]
    member.status = MemberStatus.RETIRED
    member.save()
    with pytest.raises(DomainError, match="在会会员"):
        services.transfer_request(actor=tree.chair_a, member=member, to_union=tree.union_b)


def test_transfer_page_names_an_unknown_union_code_and_starts_nothing(client, tree):
    client.force_login(tree.chair_a)
    url = reverse("transfer_create", kwargs={"member_pk": tree.members_a[1].pk})
    page = client.post(url, {"to_union_code": "NOPE", "reason": "调动"}).content.decode()
    assert "没有这个代码的基层工会" in page
    assert not MembershipTransfer.objects.exists()


def test_transfer_page_starts_a_transfer_to_the_union_the_code_names(client, tree):
    client.force_login(tree.chair_a)
    url = reverse("transfer_create", kwargs={"member_pk": tree.members_a[1].pk})
    response = client.post(url, {"to_union_code": f" {tree.union_b.code} ", "reason": "调动"}, follow=True)
    assert f"已提交接转申请，等待“{tree.union_b.name}”确认。" in response.content.decode()
    transfer = MembershipTransfer.objects.get()
    assert (transfer.member, transfer.to_union, transfer.status) == (
        tree.members_a[1],
        tree.union_b,
        TransferStatus.PENDING,
    )


def test_a_refused_decision_is_shown_and_changes_nothing(client, tree):
    transfer = services.transfer_request(actor=tree.chair_a, member=tree.members_a[1], to_union=tree.union_b)
    client.force_login(tree.chair_b)
    url = reverse("transfer_decide", kwargs={"pk": transfer.pk, "decision": "reject"})
    page = client.post(url, {"note": " "}, follow=True).content.decode()
    assert "退回申请时请写明原因。" in page
    assert MembershipTransfer.objects.get().status == TransferStatus.PENDING
