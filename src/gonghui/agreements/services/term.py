"""An agreement in force: the yearly performance checks, the daily sweep that opens the renewal window and ends
expired agreements, renewal, and ending without renewal."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import Conflict, DomainError

from ..models import Agreement, PerformanceCheck, StepKind
from ..selectors import renewal_window_opens
from ._common import S, _audit, _expect, _locked, _not_future, _require_manager, _step
from .agreements import agreement_create
from .bargaining import draft_create


def performance_check_record(
    *, actor, agreement: Agreement, year: int, checked_on: date, result: str, findings: str = ""
) -> PerformanceCheck:
    """The yearly check of how the agreement is kept, one per year."""
    _require_manager(actor, agreement)
    _not_future(checked_on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.IN_FORCE, S.EXPIRING, doing=_("登记履约检查"))
        if agreement.checks.filter(year=year).exists():
            raise Conflict(_("%(year)s 年度的履约检查已经登记。") % {"year": year}, code="duplicate")
        check = PerformanceCheck.objects.create(
            agreement=agreement,
            year=year,
            checked_on=checked_on,
            result=result,
            findings=findings.strip(),
            checked_by=actor,
        )
        _step(agreement, StepKind.PERFORMANCE, checked_on, actor, note=f"{year} {check.get_result_display()}")
        _audit(actor, "performance", agreement, year=year, result=result)
    return check


def expiry_sweep(*, today: date) -> tuple[list[Agreement], list[Agreement]]:
    """Open the renewal window (→ expiring) and end agreements past their last day that were not renewed."""
    expiring, ended = [], []
    for agreement in Agreement.objects.filter(status=S.IN_FORCE, ends_on__isnull=False).select_related(
        "node"
    ):
        opens = renewal_window_opens(agreement)
        if opens is not None and opens <= today:
            with transaction.atomic():
                locked = _locked(agreement)
                if locked.status == S.IN_FORCE:
                    locked.status = S.EXPIRING
                    _step(
                        locked, StepKind.EXPIRING, opens, None, note=_("期满日 %(d)s") % {"d": locked.ends_on}
                    )
                    _audit(None, "expiring", locked, opens=opens)
                    expiring.append(locked)
    for pk in Agreement.objects.filter(status__in=[S.IN_FORCE, S.EXPIRING], ends_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = _locked(Agreement(pk=pk))
            if locked.status in (S.IN_FORCE, S.EXPIRING):
                on = locked.ends_on + timedelta(days=1)
                locked.status = S.ENDED
                locked.ended_on = on
                _step(locked, StepKind.ENDED, on, None, note=_("期满终止"))
                _audit(None, "end", locked, on=on, automatic=True)
                ended.append(locked)
    return expiring, ended


def agreement_renew(*, actor, agreement: Agreement, on: date | None = None) -> Agreement:
    """Start the next agreement: a new one in drafting, linked to this one, covering the same enterprises,
    with this one's text as its first draft. This one stays in force until the new one takes effect."""
    _require_manager(actor, agreement)
    on = on or timezone.localdate()
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.IN_FORCE, S.EXPIRING, doing=_("续订"))
        if agreement.renewals.exclude(status=S.ENDED).exists():
            raise Conflict(_("已经开始续订，请到新合同中办理。"), code="duplicate")
        enterprises = [c.enterprise for c in agreement.coverage.select_related("enterprise")]
        new = agreement_create(
            actor=actor,
            node=agreement.node,
            kind=agreement.kind,
            title=agreement.title,
            level=agreement.level,
            enterprises=enterprises,
            employer_name=agreement.employer_name,
            on=on,
            renews=agreement,
        )
        last = agreement.drafts.order_by("-number").first()
        if last is not None:
            draft_create(
                actor=actor,
                agreement=new,
                clauses={c.area: c.text for c in last.clauses.all()},
                note=_("沿用上期合同文本"),
            )
        _audit(actor, "renew", agreement, new=new.pk)
    return new


def agreement_end(*, actor, agreement: Agreement, on: date, note: str) -> Agreement:
    """Ended without renewal, or dissolved by agreement (规定第三十九条–第四十一条)."""
    _require_manager(actor, agreement)
    if not (note or "").strip():
        raise DomainError(_("请写明终止原因。"))
    _not_future(on)
    with transaction.atomic():
        agreement = _locked(agreement)
        _expect(agreement, S.IN_FORCE, S.EXPIRING, doing=_("终止"))
        agreement.status = S.ENDED
        agreement.ended_on = on
        _step(agreement, StepKind.ENDED, on, actor, note=note.strip())
        _audit(actor, "end", agreement, on=on)
    return agreement
