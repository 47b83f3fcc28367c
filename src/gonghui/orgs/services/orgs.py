"""Creating and editing organisations (the union tree: federations, grassroots unions, their branches and
teams)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit, diff
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.roles import Cap

from ..jurisdiction import forget_chains
from ..models import Org, OrgKind
from ..selectors import has_cap


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
        if org.jurisdiction != before["jurisdiction"]:
            forget_chains()
        audit(
            actor=actor,
            action="org.update",
            obj=org,
            scope_path=org.path,
            changes=diff(org, before, sorted(allowed)),
        )
    return org
