"""Every change to organisations, enterprises, members, roles and transfers. Each function checks the actor's
permission, runs in one transaction and writes the audit log."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit, diff
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.idnumber import IdNumberError, mask_id_number, parse_id_number
from gonghui.core.permissions import require
from gonghui.core.roles import CAPABILITIES, CAPABILITY_LABELS, Cap, Role
from gonghui.core.uscc import CreditCodeError, validate_credit_code

from .models import (
    Enterprise,
    Member,
    MembershipTransfer,
    MemberStatus,
    Org,
    OrgKind,
    RoleAssignment,
    TransferStatus,
)
from .naming import name_initials
from .selectors import has_cap

# Fields a roster keeper edits on the member form; the rest is derived or set by workflows (status by transfers).
MEMBER_FIELDS = [
    "name", "id_number", "sex", "birth_date", "phone", "ethnicity", "education", "political_status", "enterprise",
    "unit", "department", "post", "employment_form", "joined_on", "status",
]  # fmt: skip
ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "industry",
    "ownership",
    "worker_count",
    "women_worker_count",
    "union",
]


# --- Organisations ------------------------------------------------------------------------------------


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    if Org.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise Conflict(_("组织代码“%(code)s”已被使用，请换一个。") % {"code": code})


def org_create(
    *,
    actor,
    parent: Org,
    name: str,
    code: str,
    kind: str,
    category: str,
    jurisdiction: str = "",
    founded_on: date | None = None,
    worker_count: int = 0,
) -> Org:
    require(has_cap(actor, Cap.MANAGE_ORGS, parent))
    if parent.kind == OrgKind.TEAM:
        raise DomainError(_("班组下不能再设下级组织。"))
    if kind == OrgKind.FEDERATION and parent.kind != OrgKind.FEDERATION:
        raise DomainError(_("总工会只能设在总工会之下。"))
    _check_code_free(code)
    with transaction.atomic():
        org = Org.objects.add_child(
            Org.objects.get(pk=parent.pk),
            {
                "name": name,
                "code": code,
                "kind": kind,
                "category": category,
                "jurisdiction": jurisdiction,
                "founded_on": founded_on,
                "worker_count": worker_count,
            },
        )
        audit(
            actor=actor,
            action="org.create",
            obj=org,
            scope_path=org.path,
            changes={"name": name, "parent": parent.name},
        )
    return org


def org_update(*, actor, org: Org, **fields) -> Org:
    require(has_cap(actor, Cap.MANAGE_ORGS, org))
    allowed = {"name", "code", "category", "jurisdiction", "founded_on", "worker_count"}
    before = {name: getattr(org, name) for name in allowed}
    for name, value in fields.items():
        if name in allowed:
            setattr(org, name, value)
    _check_code_free(org.code, exclude_pk=org.pk)
    with transaction.atomic():
        org.save()
        audit(
            actor=actor,
            action="org.update",
            obj=org,
            scope_path=org.path,
            changes=diff(org, before, sorted(allowed)),
        )
    return org


# --- Enterprises --------------------------------------------------------------------------------------


def _enterprise_check(actor, enterprise: Enterprise) -> None:
    try:
        enterprise.credit_code = validate_credit_code(enterprise.credit_code)
    except CreditCodeError as exc:
        raise DomainError(str(exc.message), code="credit_code") from exc
    if enterprise.women_worker_count > enterprise.worker_count:
        raise DomainError(_("女职工人数不能多于职工人数。"))
    if enterprise.union_id is not None:
        require(has_cap(actor, Cap.MANAGE_ORGS, enterprise.union), _("所属工会不在您的管理范围内。"))
        if enterprise.union.kind != OrgKind.UNION:
            raise DomainError(_("所属工会必须是基层工会。"))
    duplicate = (
        Enterprise.objects.filter(credit_code=enterprise.credit_code).exclude(pk=enterprise.pk).first()
    )
    if duplicate is not None:
        raise Conflict(
            _("统一社会信用代码 %(code)s 已登记为“%(name)s”。")
            % {"code": enterprise.credit_code, "name": duplicate.name}
        )


def enterprise_create(*, actor, area: Org, **fields) -> Enterprise:
    enterprise = Enterprise(area=area, **{k: v for k, v in fields.items() if k in ENTERPRISE_FIELDS})
    # The area's cadres register enterprises; a union registers the ones it covers (a joint union's members).
    require(
        has_cap(actor, Cap.MANAGE_ORGS, area) or enterprise.union_id is not None,
        _("所属区域不在您的管理范围内。"),
    )
    _enterprise_check(actor, enterprise)
    with transaction.atomic():
        enterprise.save()
        audit(
            actor=actor,
            action="enterprise.create",
            obj=enterprise,
            scope_path=area.path,
            changes={"name": enterprise.name, "credit_code": enterprise.credit_code},
        )
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, **fields) -> Enterprise:
    require(has_cap(actor, Cap.MANAGE_ORGS, enterprise.union or enterprise.area))
    before = {name: getattr(enterprise, name) for name in ENTERPRISE_FIELDS}
    for name, value in fields.items():
        if name in ENTERPRISE_FIELDS:
            setattr(enterprise, name, value)
    _enterprise_check(actor, enterprise)
    with transaction.atomic():
        enterprise.save()
        audit(
            actor=actor,
            action="enterprise.update",
            obj=enterprise,
            scope_path=enterprise.area.path,
            changes=diff(enterprise, before, ENTERPRISE_FIELDS),
        )
    return enterprise


# --- Members ------------------------------------------------------------------------------------------


def _apply_identity(member: Member) -> None:
    """Canonicalise the ID number and derive what it implies; refuse a birth date or sex that contradicts it."""
    try:
        info = parse_id_number(member.id_number)
    except IdNumberError as exc:
        raise DomainError(str(exc.message), code="id_number") from exc
    member.id_number = info.number
    if member.birth_date and member.birth_date != info.birth_date:
        raise DomainError(
            _("出生日期与身份证号不一致：身份证号显示为 %(date)s。") % {"date": info.birth_date}
        )
    if member.sex and member.sex != info.sex:
        raise DomainError(_("性别与身份证号不一致，请核对。"))
    member.birth_date, member.sex = info.birth_date, info.sex
    member.id_tail = info.number[-4:]
    member.phone_tail = member.phone[-4:] if member.phone else ""
    member.initials = name_initials(member.name)


def _check_unique_person(member: Member) -> None:
    other = (
        Member.objects.filter(id_number=member.id_number)
        .exclude(pk=member.pk)
        .select_related("union")
        .first()
    )
    if other is None:
        return
    if other.union_id == member.union_id:
        raise Conflict(
            _("身份证号 %(id)s 已在本会名册中（%(name)s）。")
            % {"id": mask_id_number(member.id_number), "name": other.name},
            code="duplicate",
        )
    raise Conflict(
        _("此人已是“%(union)s”的会员，请通过“会员接转”办理转入，不能重复登记。")
        % {"union": other.union.name},
        code="transfer_case",
    )


def member_create(*, actor, union: Org, **fields) -> Member:
    require(union.kind == OrgKind.UNION and has_cap(actor, Cap.EDIT_ROSTER, union))
    member = Member(union=union, **{k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    _apply_identity(member)
    _check_unique_person(member)
    try:
        with transaction.atomic():
            member.save()
            audit(actor=actor, action="member.create", obj=member, scope_path=union.path)
    except IntegrityError as exc:  # a concurrent insert of the same person
        raise Conflict(_("此人刚刚已被登记，请刷新后查看。"), code="duplicate") from exc
    return member


def member_update(*, actor, member: Member, **fields) -> Member:
    require(has_cap(actor, Cap.EDIT_ROSTER, member.union))
    before = {name: getattr(member, name) for name in MEMBER_FIELDS}
    for name, value in fields.items():
        if name in MEMBER_FIELDS:
            setattr(member, name, value)
    if "id_number" in fields and fields["id_number"] != before["id_number"]:
        member.birth_date = fields.get("birth_date")
        member.sex = fields.get("sex", "")
    _apply_identity(member)
    _check_unique_person(member)
    member.updated_at = timezone.now()
    changes = diff(member, before, MEMBER_FIELDS)
    if "id_number" in changes:  # the log must not become a second copy of the full ID number
        changes["id_number"] = [mask_id_number(before["id_number"]), mask_id_number(member.id_number)]
    with transaction.atomic():
        member.save()
        audit(actor=actor, action="member.update", obj=member, scope_path=member.union.path, changes=changes)
    return member


def member_reveal(*, actor, member: Member, field: str) -> str:
    """The full ID number or phone, for roles that need it; every reveal is logged (PIPL)."""
    require(has_cap(actor, Cap.VIEW_FULL_PII, member.union) or member.user_id == actor.pk)
    if field not in ("id_number", "phone"):
        raise DomainError(_("只能查看身份证号或手机号。"))
    audit(
        actor=actor,
        action="member.reveal_pii",
        obj=member,
        scope_path=member.union.path,
        changes={"field": field},
    )
    return getattr(member, field)


# --- Roles --------------------------------------------------------------------------------------------


def role_grant(*, actor, user, node: Org, role: str) -> RoleAssignment:
    require(has_cap(actor, Cap.MANAGE_ROLES, node))
    if role not in Role.values:
        raise DomainError(_("未知的角色。"))
    if (role == Role.FEDERATION_CADRE) != (node.kind == OrgKind.FEDERATION):
        raise DomainError(_("总工会干部角色只能授予在总工会，其他角色只能授予在基层工会及其下级组织。"))
    # Nobody grants more than they hold: a chair cannot mint a federation cadre.
    held = {cap for cap in CAPABILITY_LABELS if has_cap(actor, cap, node)}
    require(CAPABILITIES[role] <= held, _("不能授予超出您自身权限的角色。"))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, node=node, role=role)
        if not created:
            raise Conflict(_("该用户在此组织已有这个角色。"))
        audit(
            actor=actor,
            action="role.grant",
            obj=assignment,
            scope_path=node.path,
            changes={"user": user.get_username(), "role": role, "node": node.name},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    require(has_cap(actor, Cap.MANAGE_ROLES, assignment.node))
    audit(
        actor=actor,
        action="role.revoke",
        obj=assignment,
        scope_path=assignment.node.path,
        changes={"user": assignment.user.get_username(), "role": assignment.role},
    )
    assignment.delete()


# --- Membership transfers (会员关系接转) ----------------------------------------------------------------


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


def roster_exported(*, actor, node: Org, count: int, full: bool) -> None:
    """Exports are logged: who took how many rows, and whether the ID numbers were in full."""
    require(has_cap(actor, Cap.EXPORT_ROSTER, node))
    audit(
        actor=actor,
        action="member.export",
        obj=node,
        scope_path=node.path,
        changes={"rows": count, "full_pii": full},
    )
