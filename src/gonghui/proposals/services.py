"""Every step of a proposal: permission checked, one transaction, the proposal row locked against a double
submit, a dated Step with who took it, an audit entry, and a notice to whoever acts next."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.congress.models import Representative, RepresentativeStatus, Session
from gonghui.congress.roles import CongressCap
from gonghui.core.audit import audit
from gonghui.core.calendar import rule_deadline
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.roles import CAPABILITIES
from gonghui.notices.services import notify, settle
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Org, RoleAssignment
from gonghui.orgs.selectors import has_cap

from . import rules, selectors
from .models import Category, Cosigner, Proposal, ProposalStatus, Rating, Step, StepKind

TITLE_MAX = Proposal._meta.get_field("title").max_length
TEXT_MAX = 5000


def _text(value: str, label: str, max_length: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, code="required")
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length}, code="too_long"
        )
    return value


def _link(proposal: Proposal) -> str:
    return reverse("proposal_detail", args=[proposal.pk])


def _locked(proposal: Proposal, *expected: str) -> Proposal:
    """The proposal re-read under a row lock, refused unless it is in one of the expected states: a double
    click or two committee members acting at once find the step already taken."""
    current = Proposal.objects.select_for_update().select_related("session__term__node").get(pk=proposal.pk)
    if current.status not in expected:
        raise Conflict(
            _("提案 %(code)s 当前状态为“%(status)s”，不能进行此操作，请刷新页面查看最新进展。")
            % {"code": current.code, "status": current.get_status_display()},
            code="wrong_state",
        )
    return current


def _step(proposal: Proposal, kind: str, actor, note: str = "") -> Step:
    settle(url=_link(proposal))  # the notices of the step before are done with; the next step sends its own
    return Step.objects.create(proposal=proposal, kind=kind, actor=actor, note=note)


def _audit(actor, action: str, proposal: Proposal, **changes) -> None:
    audit(
        actor=actor,
        action=f"proposal.{action}",
        obj=proposal,
        scope_path=proposal.session.term.node.path,
        changes=changes,
    )


def committee_users(node: Org) -> list:
    """Users holding MANAGE_CONGRESS on the node itself (the union's own proposal committee), to be told
    about new proposals; federation cadres above only read."""
    roles = [role for role, caps in CAPABILITIES.items() if CongressCap.MANAGE_CONGRESS in caps]
    assignments = RoleAssignment.objects.filter(node=node, role__in=roles, user__is_active=True)
    return list({a.user_id: a.user for a in assignments.select_related("user")}.values())


def answer_deadline(node: Org, start: date) -> date:
    return rule_deadline(org_rule(node, rules.ANSWER_DEADLINE.id, start), start).date


# --- Submitting and co-signing ---------------------------------------------------------------------------


def proposal_submit(
    *,
    actor,
    session: Session,
    title: str,
    category: str,
    body: str,
    cosigners: list[Representative],
) -> Proposal:
    """A representative of the session's term submits a proposal with the co-signers they gathered."""
    proposer = selectors.representative_in(actor, session)
    if proposer is None:
        raise PermissionDenied(_("只有本届在任职工代表可以提交提案。"))
    title = _text(title, _("案由"), TITLE_MAX)
    body = _text(body, _("理由和建议"))
    if category not in Category.values:
        raise DomainError(_("请选择提案类别。"), code="category")
    node = session.term.node
    signers = _check_cosigners(session, proposer, cosigners)
    with transaction.atomic():
        # Lock the session row: numbers are handed out one at a time (the unique constraint backs it).
        Session.objects.select_for_update().filter(pk=session.pk).first()
        if Proposal.objects.filter(session=session, proposer=proposer, title=title).exists():
            raise Conflict(
                _("您已在本次会议提交过案由为“%(title)s”的提案，请勿重复提交。") % {"title": title},
                code="duplicate",
            )
        number = (Proposal.objects.filter(session=session).aggregate(n=Max("number"))["n"] or 0) + 1
        proposal = Proposal.objects.create(
            session=session, number=number, proposer=proposer, title=title, category=category, body=body
        )
        Cosigner.objects.bulk_create(Cosigner(proposal=proposal, representative=r) for r in signers)
        names = "、".join(r.member.name for r in signers)
        _step(proposal, StepKind.SUBMIT, actor, _("附议人：%(names)s") % {"names": names})
        _audit(actor, "submit", proposal, title=title, cosigners=[r.pk for r in signers])
        for user in committee_users(node):
            notify(
                user=user,
                text=_("新提案待审查：%(code)s %(title)s") % {"code": proposal.code, "title": title},
                url=_link(proposal),
            )
    return proposal


def _check_cosigners(session: Session, proposer: Representative, cosigners) -> list[Representative]:
    signers = list({r.pk: r for r in cosigners}.values())
    if any(r.pk == proposer.pk for r in signers):
        raise DomainError(_("提案人本人不能作为附议人。"), code="cosigners")
    strangers = [
        r for r in signers if r.term_id != session.term_id or r.status != RepresentativeStatus.ACTIVE
    ]
    if strangers:
        raise DomainError(
            _("附议人须是本届在任职工代表：%(names)s 不是。")
            % {"names": "、".join(str(r) for r in strangers)},
            code="cosigners",
        )
    minimum = org_rule(session.term.node, rules.COSIGNERS_MIN.id)
    if len(signers) < int(minimum.value):
        raise DomainError(
            _("提案须有至少 %(n)s 名其他职工代表附议，目前只有 %(have)s 名（%(cite)s）。")
            % {"n": int(minimum.value), "have": len(signers), "cite": minimum.cite},
            code="cosigners",
        )
    return signers


def proposal_cosign(*, actor, proposal: Proposal) -> Cosigner:
    """Another representative of the term backs a proposal still awaiting the committee (附议)."""
    seat = selectors.representative_in(actor, proposal.session)
    if seat is None:
        raise PermissionDenied(_("只有本届在任职工代表可以附议。"))
    if seat.pk == proposal.proposer_id:
        raise DomainError(_("提案人本人不能附议自己的提案。"), code="own_proposal")
    with transaction.atomic():
        proposal = _locked(proposal, ProposalStatus.SUBMITTED)
        if proposal.cosigners.filter(representative=seat).exists():
            raise Conflict(_("您已附议过这件提案。"), code="duplicate")
        cosigner = Cosigner.objects.create(proposal=proposal, representative=seat)
        _step(proposal, StepKind.COSIGN, actor)
        _audit(actor, "cosign", proposal, representative=seat.pk)
    return cosigner


# --- The proposal committee ------------------------------------------------------------------------------


def _require_committee(actor, proposal: Proposal) -> None:
    require(
        has_cap(actor, CongressCap.MANAGE_CONGRESS, proposal.session.term.node),
        _("只有提案工作委员会（职代会工作机构）可以审查和交办提案。"),
    )


def proposal_accept(*, actor, proposal: Proposal) -> Proposal:
    """立案: the committee takes the proposal up; it then needs a department, a handler and a deadline."""
    _require_committee(actor, proposal)
    with transaction.atomic():
        proposal = _locked(proposal, ProposalStatus.SUBMITTED)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.save(update_fields=["status"])
        _step(proposal, StepKind.ACCEPT, actor)
        _audit(actor, "accept", proposal)
        _tell_proposer(proposal, _("您的提案 %(code)s 已立案。") % {"code": proposal.code})
    return proposal


def proposal_convert(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """转为意见建议: not taken up as a proposal (e.g. a personal matter, or outside the congress's remit)."""
    _require_committee(actor, proposal)
    reason = _text(reason, _("转为意见建议的理由"), 500)
    with transaction.atomic():
        proposal = _locked(proposal, ProposalStatus.SUBMITTED)
        proposal.status = ProposalStatus.CONVERTED
        proposal.conversion_reason = reason
        proposal.closed_at = timezone.now()
        proposal.save(update_fields=["status", "conversion_reason", "closed_at"])
        _step(proposal, StepKind.CONVERT, actor, reason)
        _audit(actor, "convert", proposal, reason=reason)
        _tell_proposer(
            proposal,
            _("您的提案 %(code)s 已转为意见建议：%(reason)s") % {"code": proposal.code, "reason": reason},
        )
    return proposal


def proposal_assign(
    *, actor, proposal: Proposal, department: str, handler, deadline: date | None = None
) -> Proposal:
    """交办: an accepted proposal goes to a department and a named handler, to answer by the deadline
    (default: rules.ANSWER_DEADLINE from today)."""
    _require_committee(actor, proposal)
    department = _text(department, _("承办部门"), 100)
    node = proposal.session.term.node
    if handler is None or not selectors.handler_choices(node).filter(pk=handler.pk).exists():
        raise DomainError(_("承办人须是本会有账号的会员或工作人员，请从名单中选择。"), code="handler")
    today = timezone.localdate()
    counted = answer_deadline(node, today)
    deadline = deadline or counted
    if deadline < today:
        raise DomainError(_("答复期限不能早于今天。"), code="deadline")
    with transaction.atomic():
        proposal = _locked(proposal, ProposalStatus.ACCEPTED)
        proposal.status = ProposalStatus.ASSIGNED
        proposal.department, proposal.handler, proposal.deadline = department, handler, deadline
        # The rule's own count (the form offers it) is an estimate while its year is unknown; a date the
        # committee chose is not.
        proposal.deadline_counted_from = today if deadline == counted else None
        proposal.save(update_fields=["status", "department", "handler", "deadline", "deadline_counted_from"])
        note = _("%(department)s，承办人 %(handler)s，%(deadline)s 前答复") % {
            "department": department,
            "handler": handler.get_full_name() or handler.get_username(),
            "deadline": proposal.deadline_text,
        }
        _step(proposal, StepKind.ASSIGN, actor, note)
        _audit(actor, "assign", proposal, department=department, handler=handler.pk, deadline=str(deadline))
        notify(
            user=handler,
            text=_("请于 %(deadline)s 前答复提案 %(code)s %(title)s")
            % {"deadline": proposal.deadline_text, "code": proposal.code, "title": proposal.title},
            url=_link(proposal),
        )
    return proposal


# --- Handler and proposer --------------------------------------------------------------------------------


def proposal_answer(*, actor, proposal: Proposal, answer: str, measures: str = "") -> Proposal:
    """The handler answers (答复意见) and says what will be done (落实措施)."""
    with transaction.atomic():
        # Locked first: the handler is whoever holds the proposal now, not when the caller read it.
        proposal = _locked(proposal, ProposalStatus.ASSIGNED)
        if proposal.handler_id != actor.pk:
            raise PermissionDenied(_("只有本提案的承办人可以答复。"))
        answer = _text(answer, _("答复意见"))
        measures = (measures or "").strip()[:TEXT_MAX]
        if proposal.answered_on_time is None:
            proposal.answered_on_time = timezone.localdate() <= proposal.deadline
        proposal.status = ProposalStatus.ANSWERED
        proposal.answer, proposal.measures = answer, measures
        proposal.save(update_fields=["status", "answer", "measures", "answered_on_time"])
        note = answer + (("\n" + _("落实措施：") + measures) if measures else "")
        _step(proposal, StepKind.ANSWER, actor, note)
        _audit(actor, "answer", proposal)
        _tell_proposer(proposal, _("您的提案 %(code)s 已答复，请评价。") % {"code": proposal.code})
    return proposal


def proposal_rate(*, actor, proposal: Proposal, rating: str) -> Proposal:
    """The proposer rates the answer. 满意/基本满意 close the proposal; the first 不满意 sends it back to the
    handler with a fresh deadline, a second 不满意 closes it as 不满意."""
    if proposal.proposer.member.user_id != actor.pk:
        raise PermissionDenied(_("只有提案人可以评价答复。"))
    if rating not in Rating.values:
        raise DomainError(_("请选择满意、基本满意或不满意。"), code="rating")
    with transaction.atomic():
        proposal = _locked(proposal, ProposalStatus.ANSWERED)
        label = Rating(rating).label
        _step(proposal, StepKind.RATE, actor, str(label))
        if rating == Rating.UNSATISFIED and not proposal.returned:
            proposal.returned = True
            proposal.status = ProposalStatus.ASSIGNED
            proposal.deadline_counted_from = timezone.localdate()
            proposal.deadline = answer_deadline(proposal.session.term.node, proposal.deadline_counted_from)
            proposal.save(update_fields=["returned", "status", "deadline", "deadline_counted_from"])
            _step(proposal, StepKind.RETURN, actor, _("重新答复期限 %(d)s") % {"d": proposal.deadline_text})
            _audit(actor, "return", proposal, rating=rating, deadline=str(proposal.deadline))
            notify(
                user=proposal.handler,
                text=_("提案人对提案 %(code)s 的答复不满意，已退回重办，请于 %(d)s 前重新答复。")
                % {"code": proposal.code, "d": proposal.deadline_text},
                url=_link(proposal),
            )
            return proposal
        proposal.rating = rating
        proposal.status = ProposalStatus.CLOSED
        proposal.closed_at = timezone.now()
        proposal.save(update_fields=["rating", "status", "closed_at"])
        _step(proposal, StepKind.CLOSE, actor)
        _audit(actor, "rate", proposal, rating=rating)
    return proposal


def _tell_proposer(proposal: Proposal, text: str) -> None:
    user = proposal.proposer.member.user
    if user is not None:
        notify(user=user, text=text, url=_link(proposal))


# --- Deadlines recounted when the holiday calendar learns a year ----------------------------------------


def deadlines_recompute(*, year: int) -> int:
    """Count again the deadlines the rule counted (rules.ANSWER_DEADLINE) that fall in `year` or later, now
    that its holiday schedule is known (core.calendar.year_added); dates the committee chose stay. Returns
    how many changed; a second run changes nothing."""
    changed = 0
    counted = Proposal.objects.filter(
        status=ProposalStatus.ASSIGNED, deadline_counted_from__isnull=False, deadline__year__gte=year
    ).select_related("session__term__node")
    for proposal in counted:
        due = answer_deadline(proposal.session.term.node, proposal.deadline_counted_from)
        if due != proposal.deadline:
            with transaction.atomic():
                Proposal.objects.filter(pk=proposal.pk).update(deadline=due)
                _audit(None, "deadline_recomputed", proposal, year=year, deadline=str(due))
            changed += 1
    return changed
