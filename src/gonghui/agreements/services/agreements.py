"""Creating and editing agreements: the agreement and the enterprises it covers, its term (checked against the
union's rule pack), the kinds of agreement, and the employer representatives linked to enterprises."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.roles import Role
from gonghui.core.rules import Rule
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Enterprise, Org, OrgKind, RoleAssignment
from gonghui.orgs.selectors import enterprise_scope_q, has_cap

from ..models import Agreement, AgreementKind, Coverage, EmployerLink, Level, StepKind
from ..roles import AgreementCap
from ._common import S, _audit, _locked, _require_manager, _step


def plus_years(day: date, years: int) -> date:
    """The same day `years` later; 28 February for a 29 February start in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def agreement_create(
    *,
    actor,
    node: Org,
    kind: AgreementKind,
    title: str,
    level: str = Level.ENTERPRISE,
    enterprises: Iterable[Enterprise] = (),
    employer_name: str = "",
    on: date | None = None,
    renews: Agreement | None = None,
) -> Agreement:
    """A new agreement in drafting, binding the listed enterprises (their current worker counts recorded)."""
    require(has_cap(actor, AgreementCap.MANAGE_AGREEMENTS, node))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("请填写合同名称。"), code="title")
    if node.kind not in (OrgKind.UNION, OrgKind.FEDERATION):
        raise DomainError(_("集体合同由基层工会或区域、行业工会签订，请切换到相应的工会。"), code="node")
    enterprises = list(dict.fromkeys(enterprises))
    if level == Level.ENTERPRISE and len(enterprises) != 1:
        raise DomainError(_("企业集体合同须选择且只选择一家企业。"), code="coverage")
    if level != Level.ENTERPRISE and not enterprises:
        raise DomainError(_("区域性、行业性集体合同须列出覆盖的企业。"), code="coverage")
    in_scope = Enterprise.objects.filter(enterprise_scope_q(node.path), pk__in=[e.pk for e in enterprises])
    if in_scope.count() != len(enterprises):
        raise DomainError(_("所选企业不在本工会的范围内。"), code="coverage")
    on = on or timezone.localdate()
    with transaction.atomic():
        agreement = Agreement.objects.create(
            node=node,
            kind=kind,
            level=level,
            title=title,
            employer_name=employer_name or (enterprises[0].name if level == Level.ENTERPRISE else ""),
            renews=renews,
            created_by=actor,
        )
        Coverage.objects.bulk_create(
            Coverage(
                agreement=agreement,
                enterprise=e,
                worker_count=e.worker_count,
                women_worker_count=e.women_worker_count,
            )
            for e in enterprises
        )
        agreement.covered_workers = sum(e.worker_count for e in enterprises)
        agreement.women_covered = sum(e.women_worker_count for e in enterprises)
        _step(agreement, StepKind.DRAFTED, on, actor)
        _audit(
            actor, "create", agreement, title=title, kind=kind.code, level=level, enterprises=len(enterprises)
        )
    return agreement


AGREEMENT_FIELDS = ["title", "employer_name", "starts_on", "ends_on", "wage_increase_pct", "minimum_wage"]


def agreement_update(*, actor, agreement: Agreement, **fields) -> Agreement:
    """Name, employer, term and key figures. The term is checked against the rule pack (1–3 years)."""
    _require_manager(actor, agreement)
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise DomainError(_("不能修改：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    with transaction.atomic():
        agreement = _locked(agreement)
        if agreement.status in (S.RENEWED, S.ENDED):
            raise DomainError(_("合同已终止或已续订，不能再修改。"), code="closed")
        before = {name: getattr(agreement, name) for name in fields}
        for name, value in fields.items():
            setattr(agreement, name, value.strip() if isinstance(value, str) else value)
        if not agreement.title:
            raise DomainError(_("请填写合同名称。"), code="title")
        if (
            agreement.wage_increase_pct is not None
            and not Decimal("-100") < agreement.wage_increase_pct < 1000
        ):
            raise DomainError(_("工资增长幅度应在 -100% 到 1000% 之间。"), code="figures")
        if agreement.minimum_wage is not None and agreement.minimum_wage <= 0:
            raise DomainError(_("企业最低工资应大于 0。"), code="figures")
        check_term(agreement)
        agreement.save()
        changed = {
            k: [str(before[k]), str(getattr(agreement, k))]
            for k in fields
            if before[k] != getattr(agreement, k)
        }
        _audit(actor, "update", agreement, **changed)
    return agreement


def _term_departures(agreement: Agreement) -> list[tuple[Rule, str]]:
    """The term rules the agreement's dates depart from, each with a message: too short (rules.TERM_MIN) or
    too long (rules.TERM_MAX) for the union's jurisdiction; the last day is inclusive, so 2027-01-01 to
    2027-12-31 is one year."""
    start, end = agreement.starts_on, agreement.ends_on
    if start is None or end is None:
        return []
    low_rule = org_rule(agreement.node, "agreement.term_min", start)
    high_rule = org_rule(agreement.node, "agreement.term_max", start)
    low, high = int(low_rule.value), int(high_rule.value)
    earliest, latest = plus_years(start, low) - timedelta(days=1), plus_years(start, high) - timedelta(days=1)
    words = {"low": low, "high": high, "start": start, "min": earliest, "max": latest}
    found = []
    for rule, departs in ((low_rule, end < earliest), (high_rule, end > latest)):
        if not departs:
            continue
        if rule.norm:
            message = _(
                "合同期限不在一般的 %(low)s 至 %(high)s 年之内（%(cite)s：“%(wording)s”）：%(start)s 起，"
                "终止日期一般在 %(min)s 至 %(max)s 之间。"
            ) % {**words, "cite": rule.cite, "wording": rule.wording}
        else:
            message = (
                _(
                    "集体合同期限应为 %(low)s 至 %(high)s 年：%(start)s 起，终止日期应在 %(min)s 至 %(max)s 之间。"
                )
                % words
            )
        found.append((rule, message))
    return found


def check_term(agreement: Agreement) -> None:
    """Refuse a term outside the binding range (《浙江省集体合同条例》第三十条 "为一至三年"); where the text says
    "一般为" (national, Shanghai, Beijing) a departure is allowed and shown on the page (term_notes)."""
    if (agreement.starts_on is None) != (agreement.ends_on is None):
        raise DomainError(_("请同时填写合同期限的起始日期和终止日期。"), code="term")
    for rule, message in _term_departures(agreement):
        if not rule.norm:
            raise DomainError(message, code="term")


def term_notes(agreement: Agreement) -> list[str]:
    """Departures from the usual term, allowed where the statute only says "一般为"."""
    return [message for rule, message in _term_departures(agreement) if rule.norm]


def kind_create(*, actor, name: str, code: str, is_special: bool = True) -> AgreementKind:
    """A kind beyond the four built-ins; administrators only, since every federation counts by kind."""
    require(actor.is_superuser)
    name, code = (name or "").strip(), (code or "").strip()
    if not name or not code:
        raise DomainError(_("请填写名称和代码。"))
    if AgreementKind.objects.filter(Q(name=name) | Q(code=code)).exists():
        raise Conflict(_("已有同名或同代码的合同种类。"))
    with transaction.atomic():
        kind = AgreementKind.objects.create(name=name, code=code, is_special=is_special)
        audit(actor=actor, action="agreement_kind.create", obj=kind, changes={"name": name, "code": code})
    return kind


def employer_link_create(*, actor, node: Org, user, enterprise: Enterprise) -> EmployerLink:
    """Name `user` the employer representative of `enterprise`: grants Role.EMPLOYER_REP on the union node
    (if not held) and links the enterprise, which limits what the role reaches to that enterprise's
    agreements from the offer on."""
    require(has_cap(actor, AgreementCap.MANAGE_AGREEMENTS, node))
    if not Enterprise.objects.filter(enterprise_scope_q(node.path), pk=enterprise.pk).exists():
        raise DomainError(_("该企业不在本工会的范围内。"))
    if EmployerLink.objects.filter(user=user, enterprise=enterprise).exists():
        raise Conflict(_("%(user)s 已是该企业的行政方代表。") % {"user": user.get_username()})
    with transaction.atomic():
        RoleAssignment.objects.get_or_create(user=user, node=node, role=Role.EMPLOYER_REP)
        link = EmployerLink.objects.create(user=user, enterprise=enterprise)
        audit(
            actor=actor,
            action="agreement.employer_link",
            obj=link,
            scope_path=node.path,
            changes={"user": user.get_username(), "enterprise": enterprise.name},
        )
    return link
