"""Targets of the federation's yearly plan (e.g. signing rate of wage agreements at least 90 %): create,
change and delete, by the federation's cadres only."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import has_cap

from ..models import AgreementKind, AgreementTarget, Indicator
from ..roles import AgreementCap


def _target_manager(actor, node: Org) -> None:
    """Targets are the federation's plan, set by its cadres."""
    require(has_cap(actor, AgreementCap.SET_TARGETS, node))
    if node.kind != OrgKind.FEDERATION:
        raise DomainError(_("工作目标由总工会设定，请切换到相应的总工会。"), code="node")


def _target_percent(value) -> Decimal:
    try:
        percent = Decimal(str(value).strip().rstrip("%")).quantize(Decimal("0.1"))
    except ArithmeticError:
        raise DomainError(_("目标值应为 0 到 100 之间的数，例如 95 或 97.5。"), code="percent") from None
    if not Decimal(0) <= percent <= Decimal(100):
        raise DomainError(
            _("目标值 %(value)s%% 超出范围：应在 0 到 100 之间。") % {"value": percent}, code="percent"
        )
    return percent


def _target_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("请填写年度，例如 %(year)s。") % {"year": timezone.localdate().year}) from None
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise DomainError(
            _("年度 %(year)s 不在可设定的范围内（2000 至 %(last)s 年）。")
            % {"year": year, "last": this_year + 1},
            code="year",
        )
    return year


def target_create(
    *, actor, node: Org, year: int, kind: AgreementKind, indicator: str, percent
) -> AgreementTarget:
    """A target of the year's plan for one kind and rate (e.g. 工资专项 签订率 ≥ 90 %). It reaches the node's
    subtree; a node below may set its own. One per node, year, kind and rate: change it with target_update."""
    _target_manager(actor, node)
    year, percent = _target_year(year), _target_percent(percent)
    if indicator not in Indicator.values:
        raise DomainError(_("未知的指标：%(code)s。") % {"code": indicator}, code="indicator")
    label = Indicator(indicator).label
    if AgreementTarget.objects.filter(node=node, year=year, kind=kind, indicator=indicator).exists():
        raise Conflict(
            _("%(year)s 年度%(kind)s的%(rate)s目标已经设定，请修改原目标。")
            % {"year": year, "kind": kind.name, "rate": label},
            code="duplicate",
        )
    with transaction.atomic():
        target = AgreementTarget.objects.create(
            node=node, year=year, kind=kind, indicator=indicator, percent=percent, set_by=actor
        )
        audit(
            actor=actor,
            action="agreement_target.create",
            obj=target,
            scope_path=node.path,
            changes={"year": year, "kind": kind.code, "indicator": indicator, "percent": str(percent)},
        )
    return target


def target_update(*, actor, target: AgreementTarget, percent) -> AgreementTarget:
    """Change the figure of a target (the plan was revised)."""
    _target_manager(actor, target.node)
    percent = _target_percent(percent)
    with transaction.atomic():
        target = AgreementTarget.objects.select_for_update().select_related("node").get(pk=target.pk)
        before = target.percent
        target.percent, target.set_by, target.set_at = percent, actor, timezone.now()
        target.save()
        audit(
            actor=actor,
            action="agreement_target.update",
            obj=target,
            scope_path=target.node.path,
            changes={"percent": [str(before), str(percent)]},
        )
    return target


def target_delete(*, actor, target: AgreementTarget) -> None:
    _target_manager(actor, target.node)
    with transaction.atomic():
        audit(
            actor=actor,
            action="agreement_target.delete",
            obj=target,
            scope_path=target.node.path,
            changes={"year": target.year, "kind": target.kind.code, "indicator": target.indicator},
        )
        target.delete()
