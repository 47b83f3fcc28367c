"""Joining online (网上入会): a worker applies, the union's committee accepts or declines with a reason.

One person is one member row (orgs.models.Member): accepting someone who is an active member of another union
starts the membership transfer (orgs.services.transfers) instead, and they move when that union lets them go.
"""

import re
from datetime import date

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.calendar import rule_deadline
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.idnumber import IdNumberError, mask_id_number, parse_id_number
from gonghui.core.permissions import require
from gonghui.core.roles import CAPABILITIES
from gonghui.notices.services import notify, settle
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import (
    EmploymentForm,
    Member,
    MemberStatus,
    Org,
    OrgCategory,
    OrgKind,
    RoleAssignment,
)
from gonghui.orgs.selectors import has_cap
from gonghui.orgs.services.members import member_create, member_update
from gonghui.orgs.services.transfers import transfer_request

from . import rules
from .models import ApplicationStatus, JoinApplication, WorkKind
from .roles import PortalCap

NAME_MAX = JoinApplication._meta.get_field("name").max_length
EMPLOYER_MAX = JoinApplication._meta.get_field("employer").max_length
REASON_MAX = JoinApplication._meta.get_field("reason").max_length
_STATUS_SALT = "gonghui.portal.join_status"


def _text(value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, code="required")
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length}, code="too_long"
        )
    return value


def _phone(value: str) -> str:
    value = (value or "").strip()
    if not re.fullmatch(r"1[0-9]{10}", value):  # ASCII digits: str.isdigit() would take "١٣٨…" too
        raise DomainError(_("手机号应为以 1 开头的 11 位数字。"), code="phone")
    return value


def decision_deadline(union: Org, received: date) -> date:
    return rule_deadline(org_rule(union, rules.JOIN_DECISION_DEADLINE.id, received), received).date


def status_token(application: JoinApplication) -> str:
    """The applicant's link to follow their application without an account: signed, naming only the row."""
    return signing.dumps(application.pk, salt=_STATUS_SALT)


def application_from_token(token: str) -> JoinApplication | None:
    try:
        pk = signing.loads(token, salt=_STATUS_SALT)
    except signing.BadSignature:
        return None
    return (
        JoinApplication.objects.select_related("union").filter(pk=pk).first() if isinstance(pk, int) else None
    )


def deciders(union: Org) -> list:
    """Users who decide applications on the union itself (its chair and staff), to be told of new ones."""
    roles = [role for role, caps in CAPABILITIES.items() if PortalCap.DECIDE_JOIN in caps]
    assignments = RoleAssignment.objects.filter(node=union, role__in=roles, user__is_active=True)
    return list({a.user_id: a.user for a in assignments.select_related("user")}.values())


def _link(application: JoinApplication) -> str:
    return reverse("join_detail", args=[application.pk])


def join_apply(
    *, actor, union: Org, name: str, id_number: str, phone: str, employer: str, work_kind: str
) -> JoinApplication:
    """A worker's application, signed in or not (工会法 第三条: no one may be kept from joining)."""
    name = _text(name, _("姓名"), NAME_MAX)
    try:
        info = parse_id_number(id_number)
    except IdNumberError as exc:
        raise DomainError(str(exc.message), code="id_number") from exc
    phone = _phone(phone)
    employer = _text(employer, _("工作单位或平台"), EMPLOYER_MAX)
    if work_kind not in WorkKind.values:
        raise DomainError(_("请选择就业形态。"), code="work_kind")
    if union.kind != OrgKind.UNION:
        raise DomainError(_("请选择一个基层工会。"), code="union")
    if work_kind == WorkKind.NEW_FORM and union.category != OrgCategory.JOINT:
        raise DomainError(_("新就业形态劳动者请选择工作所在地的区域（行业）联合工会。"), code="union")
    current = Member.objects.filter(id_number=info.number, union=union, status=MemberStatus.ACTIVE).first()
    if current is not None:
        raise Conflict(_("您已是“%(union)s”的会员，无需再次申请。") % {"union": union.name}, code="member")
    try:
        with transaction.atomic():
            pending = JoinApplication.objects.select_related("union").filter(
                id_number=info.number, status=ApplicationStatus.PENDING
            )
            if (earlier := pending.first()) is not None:
                raise Conflict(
                    _("您已于 %(day)s 向“%(union)s”提交入会申请，正在审核中，请勿重复提交。")
                    % {
                        "day": timezone.localdate(earlier.submitted_at).isoformat(),
                        "union": earlier.union.name,
                    },
                    code="duplicate",
                )
            today = timezone.localdate()
            application = JoinApplication.objects.create(
                union=union,
                name=name,
                id_number=info.number,
                phone=phone,
                employer=employer,
                work_kind=work_kind,
                user=actor if actor is not None and actor.is_authenticated else None,
                deadline=decision_deadline(union, today),
            )
            audit(
                actor=actor,
                action="join.apply",
                obj=application,
                scope_path=union.path,
                changes={"name": name, "id_number": mask_id_number(info.number), "employer": employer},
            )
            text = _("%(name)s 申请加入本会（%(employer)s），请在 %(d)s 前审核。") % {
                "name": name,
                "employer": employer,
                "d": application.deadline.isoformat(),
            }
            for user in deciders(union):
                notify(user=user, text=text, url=_link(application))
    except IntegrityError as exc:  # the same person's second submit, racing the first
        raise Conflict(_("您的入会申请刚刚已提交，正在审核中，请勿重复提交。"), code="duplicate") from exc
    return application


def _locked(application: JoinApplication) -> JoinApplication:
    current = JoinApplication.objects.select_for_update().select_related("union").get(pk=application.pk)
    if current.status != ApplicationStatus.PENDING:
        raise Conflict(
            _("该申请已处理（%(status)s），不能重复操作。") % {"status": current.get_status_display()},
            code="wrong_state",
        )
    return current


def _tell_applicant(application: JoinApplication, text: str) -> None:
    if application.user_id:
        notify(user=application.user, text=text, url=reverse("portal_home"))


def join_accept(*, actor, application: JoinApplication) -> JoinApplication:
    """Admit the applicant: a new member row, the old row back in good standing, or, for an active member of
    another union, a transfer request to this one (they move when that union confirms)."""
    union = application.union
    require(has_cap(actor, PortalCap.DECIDE_JOIN, union), _("只有本会工会委员会可以审批入会申请。"))
    with transaction.atomic():
        application = _locked(application)
        existing = Member.objects.select_related("union").filter(id_number=application.id_number).first()
        if existing is None:
            member = member_create(
                actor=actor,
                union=union,
                name=application.name,
                id_number=application.id_number,
                phone=application.phone,
                enterprise=union.enterprises.filter(name=application.employer).first(),
                employment_form=(
                    EmploymentForm.NEW_FORM
                    if application.work_kind == WorkKind.NEW_FORM
                    else EmploymentForm.REGULAR
                ),
                joined_on=timezone.localdate(),
            )
            if application.user_id and not Member.objects.filter(user_id=application.user_id).exists():
                member.user_id = application.user_id
                member.save(update_fields=["user"])
            application.status, application.member = ApplicationStatus.ACCEPTED, member
        elif existing.union_id == union.pk:
            if existing.status == MemberStatus.ACTIVE:
                raise Conflict(_("%(name)s 已是本会在会会员。") % {"name": existing.name}, code="member")
            # A former member of this union comes back: the same row, in good standing again.
            member_update(
                actor=actor, member=existing, status=MemberStatus.ACTIVE, joined_on=timezone.localdate()
            )
            application.status, application.member = ApplicationStatus.ACCEPTED, existing
        else:
            transfer = transfer_request(
                actor=actor, member=existing, to_union=union, reason=_("网上入会申请")
            )
            application.status, application.member, application.transfer = (
                ApplicationStatus.TRANSFER,
                existing,
                transfer,
            )
        application.decided_by, application.decided_at = actor, timezone.now()
        application.save()
        settle(url=_link(application))
        audit(
            actor=actor,
            action="join.accept",
            obj=application,
            scope_path=union.path,
            changes={"status": application.status},
        )
        if application.status == ApplicationStatus.TRANSFER:
            text = _("“%(union)s”已同意您入会，您的会员关系正从“%(old)s”转入，原工会确认后即完成。") % {
                "union": union.name,
                "old": existing.union.name,
            }
        else:
            text = _("“%(union)s”已批准您入会，欢迎加入工会！") % {"union": union.name}
        _tell_applicant(application, text)
    return application


def join_decline(*, actor, application: JoinApplication, reason: str) -> JoinApplication:
    union = application.union
    require(has_cap(actor, PortalCap.DECIDE_JOIN, union), _("只有本会工会委员会可以审批入会申请。"))
    reason = _text(reason, _("不批准的理由"), REASON_MAX)
    with transaction.atomic():
        application = _locked(application)
        application.status, application.reason = ApplicationStatus.DECLINED, reason
        application.decided_by, application.decided_at = actor, timezone.now()
        application.save()
        settle(url=_link(application))
        audit(
            actor=actor,
            action="join.decline",
            obj=application,
            scope_path=union.path,
            changes={"reason": reason},
        )
        _tell_applicant(
            application,
            _("“%(union)s”未批准您的入会申请：%(reason)s") % {"union": union.name, "reason": reason},
        )
    return application
