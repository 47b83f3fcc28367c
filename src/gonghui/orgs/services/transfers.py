"""Membership transfers (会员关系接转): either union starts one, the other side accepts or rejects it, the side
that started may cancel it while it is pending."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.permissions import require
from gonghui.core.roles import Cap

from ..models import Member, MembershipTransfer, MemberStatus, Org, OrgKind, TransferStatus
from ..selectors import has_cap


def transfer_request(*, actor, member: Member, to_union: Org, reason: str = "") -> MembershipTransfer:
    """Either side may start: the union releasing the member, or the union receiving them."""
    from_union = member.union
    if to_union.kind != OrgKind.UNION:
        raise DomainError(_("只能转入基层工会。"))
    if to_union.pk == from_union.pk:
        raise DomainError(_("转出和转入不能是同一个工会。"))
    if has_cap(actor, Cap.MANAGE_TRANSFERS, from_union):
        side = "from"
    elif has_cap(actor, Cap.MANAGE_TRANSFERS, to_union):
        side = "to"
    else:
        raise NotFound()
    if member.status != MemberStatus.ACTIVE:
        raise DomainError(
            _("只有在会会员可以办理接转，此人当前为“%(status)s”。") % {"status": member.get_status_display()}
        )
    try:
        with transaction.atomic():
            transfer = MembershipTransfer.objects.create(
                member=member,
                from_union=from_union,
                to_union=to_union,
                requested_by_side=side,
                requested_by=actor,
                reason=reason,
            )
            audit(
                actor=actor,
                action="transfer.request",
                obj=transfer,
                scope_path=from_union.path,
                changes={"member": member.name, "from": from_union.name, "to": to_union.name},
            )
    except IntegrityError as exc:
        raise Conflict(_("此人已有一项待处理的接转申请，请先处理或撤回。")) from exc
    return transfer


def _decide(actor, transfer: MembershipTransfer, status: str, note: str) -> MembershipTransfer:
    with transaction.atomic():
        locked = MembershipTransfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != TransferStatus.PENDING:
            raise Conflict(
                _("该申请已处理（%(status)s），不能重复操作。") % {"status": locked.get_status_display()}
            )
        locked.status, locked.decided_by, locked.decided_at = status, actor, timezone.now()
        locked.decision_note = note
        locked.save()
        if status == TransferStatus.ACCEPTED:
            member = Member.objects.select_for_update().get(pk=locked.member_id)
            member.union, member.unit, member.enterprise = locked.to_union, None, None
            member.department = member.post = ""
            member.updated_at = timezone.now()
            member.save()
        audit(
            actor=actor,
            action=f"transfer.{status}",
            obj=locked,
            scope_path=locked.from_union.path,
            changes={"note": note},
        )
    return locked


def _other_side(transfer: MembershipTransfer) -> Org:
    return transfer.to_union if transfer.requested_by_side == "from" else transfer.from_union


def transfer_accept(*, actor, transfer: MembershipTransfer, note: str = "") -> MembershipTransfer:
    require(has_cap(actor, Cap.MANAGE_TRANSFERS, _other_side(transfer)), _("只有接收方工会可以确认接转。"))
    return _decide(actor, transfer, TransferStatus.ACCEPTED, note)


def transfer_reject(*, actor, transfer: MembershipTransfer, note: str) -> MembershipTransfer:
    require(has_cap(actor, Cap.MANAGE_TRANSFERS, _other_side(transfer)), _("只有接收方工会可以退回申请。"))
    if not note.strip():
        raise DomainError(_("退回申请时请写明原因。"))
    return _decide(actor, transfer, TransferStatus.REJECTED, note)


def transfer_cancel(*, actor, transfer: MembershipTransfer) -> MembershipTransfer:
    own_side = transfer.from_union if transfer.requested_by_side == "from" else transfer.to_union
    require(has_cap(actor, Cap.MANAGE_TRANSFERS, own_side), _("只有发起方工会可以撤回申请。"))
    return _decide(actor, transfer, TransferStatus.CANCELLED, "")
