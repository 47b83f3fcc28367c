"""Stored deadlines recounted when the holiday calendar learns a year (core.calendar.year_added).

A deadline counted on a year whose schedule was not known yet is an estimate (Monday to Friday less the fixed
holidays). Once an administrator adds the year, every stored deadline that reaches into it is counted again
from its own start, under the rule version that applied on that start day, so pages, the API and reminders give
the official date.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q

from ..models import Agreement, Negotiator, StepKind
from ..selectors import due_date, filing_start, review_start
from ._common import S, _audit

# Stored deadline → (rule id, the field its period runs from, or a function of the agreement giving the day).
_CLOCKS = {
    "offer_reply_due": ("agreement.offer_reply", "offered_on"),
    "filing_due": ("agreement.filing", filing_start),
    "objection_due": ("agreement.review", review_start),
    "publication_due": ("agreement.publication", "effective_on"),
}


def _review_clock(agreement: Agreement) -> tuple[str, date | None]:
    """Submission to the congress runs from the agreed draft; after a failed vote, re-submission runs from the
    failed vote's record (《浙江省集体合同条例》第二十四条)."""
    if agreement.status == S.NEGOTIATING:
        failed = agreement.steps.filter(kind=StepKind.REVIEW_FAILED).order_by("-on", "-pk").first()
        return "agreement.resubmission", failed.on if failed else None
    return "agreement.draft_to_congress", agreement.agreed_on


def deadlines_recompute(*, year: int) -> int:
    """Count again every stored deadline in `year` or later; returns how many dates changed. Idempotent."""
    changed = 0
    reaching = Q()
    for field in (*_CLOCKS, "review_due"):
        reaching |= Q(**{f"{field}__year__gte": year})
    for agreement in Agreement.objects.select_related("node").filter(reaching):
        updates = {}
        for field, (rule_id, start_field) in _CLOCKS.items():
            due = getattr(agreement, field)
            start = start_field(agreement) if callable(start_field) else getattr(agreement, start_field)
            if due is not None and start is not None and due.year >= year:
                updates[field] = due_date(agreement, rule_id, start)
        if agreement.review_due is not None and agreement.review_due.year >= year:
            rule_id, start = _review_clock(agreement)
            if start is not None:
                updates["review_due"] = due_date(agreement, rule_id, start)
        updates = {k: v for k, v in updates.items() if v is not None and v != getattr(agreement, k)}
        if updates:
            with transaction.atomic():
                Agreement.objects.filter(pk=agreement.pk).update(**updates)
                _audit(None, "deadlines_recomputed", agreement, year=year, **updates)
            changed += len(updates)
    for negotiator in Negotiator.objects.select_related("agreement__node").filter(
        fill_due__year__gte=year, left_on__isnull=False
    ):
        due = due_date(negotiator.agreement, "agreement.vacancy_fill", negotiator.left_on)
        if due is not None and due != negotiator.fill_due:
            Negotiator.objects.filter(pk=negotiator.pk).update(fill_due=due)
            changed += 1
    return changed
