"""What every agreement service shares: the row lock, the check that a step is the next one allowed, the
date checks, the manager check, and the Step row and audit event each change writes."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import DomainError
from gonghui.core.permissions import require
from gonghui.notices.services import settle
from gonghui.orgs.selectors import has_cap

from ..models import Agreement, AgreementStatus, Step
from ..roles import AgreementCap

S = AgreementStatus


def _locked(agreement: Agreement) -> Agreement:
    """The row locked for this transaction: two clicks on the same button run one after the other, and the
    second meets the new status and is refused."""
    return Agreement.objects.select_for_update().select_related("node", "kind").get(pk=agreement.pk)


def _expect(agreement: Agreement, *statuses: str, doing: str) -> None:
    if agreement.status not in statuses:
        raise DomainError(
            _("合同当前处于“%(status)s”环节，不能%(doing)s。请按顺序办理。")
            % {"status": agreement.get_status_display(), "doing": doing},
            code="wrong_step",
        )


def _not_before(day: date, earlier: date | None, what: str) -> None:
    if earlier is not None and day < earlier:
        raise DomainError(
            _("日期 %(day)s 早于%(what)s（%(earlier)s），请检查。")
            % {"day": day, "what": what, "earlier": earlier},
            code="date_order",
        )


def _not_future(day: date) -> None:
    if day > timezone.localdate():
        raise DomainError(_("日期 %(day)s 还没有到，不能登记尚未发生的事。") % {"day": day}, code="future")


def _require_manager(actor, agreement: Agreement) -> None:
    require(has_cap(actor, AgreementCap.MANAGE_AGREEMENTS, agreement.node))


def _step(agreement, kind, on, actor, decision="", note="") -> Step:
    # The reminders of the step before (answer the offer, file the contract) are done with.
    settle(url=reverse("agreement_detail", kwargs={"pk": agreement.pk}))
    agreement.updated_at = timezone.now()
    agreement.save()
    return Step.objects.create(
        agreement=agreement,
        kind=kind,
        on=on,
        actor=actor if actor is not None else None,
        decision=decision,
        note=note,
    )


def _audit(actor, action: str, agreement: Agreement, **changes) -> None:
    audit(
        actor=actor,
        action=f"agreement.{action}",
        obj=agreement,
        scope_path=agreement.node.path,
        changes={k: str(v) if isinstance(v, (date, Decimal)) else v for k, v in changes.items()},
    )
