"""The roster: adding and editing members (the ID number decides birth date and sex, one person is one
member), revealing a full ID number or phone, and logging exports."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit, diff
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.idnumber import IdNumberError, mask_id_number, parse_id_number
from gonghui.core.permissions import require
from gonghui.core.roles import Cap

from ..models import Member, Org, OrgKind
from ..naming import name_initials, name_sort_key
from ..selectors import has_cap

# Fields a roster keeper edits on the member form; the rest is derived or set by workflows (status by transfers).
MEMBER_FIELDS = [
    "name", "id_number", "sex", "birth_date", "phone", "ethnicity", "education", "political_status", "enterprise",
    "unit", "department", "post", "employment_form", "joined_on", "status",
]  # fmt: skip
# What a member's page can show in full on request (masked otherwise).
REVEALABLE_FIELDS = ("id_number", "phone")


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
    member.name_key = name_sort_key(member.name)


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
    if field not in REVEALABLE_FIELDS:
        raise DomainError(_("只能查看身份证号或手机号。"))
    audit(
        actor=actor,
        action="member.reveal_pii",
        obj=member,
        scope_path=member.union.path,
        changes={"field": field},
    )
    return getattr(member, field)


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
