"""Registering and editing enterprises: the credit code is checked and unique, a union covers only what its
manager reaches."""

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit, diff
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.roles import Cap
from gonghui.core.uscc import CreditCodeError, validate_credit_code

from ..models import Enterprise, Org, OrgKind
from ..selectors import has_cap

ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "industry",
    "ownership",
    "worker_count",
    "women_worker_count",
    "above_designated_size",
    "union",
]


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
