"""The proposal flow, step by step, with every refusal leaving the proposal as it was."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.notices.models import Notification
from gonghui.proposals import services
from gonghui.proposals.models import Proposal, ProposalStatus, Rating, StepKind

from .factories import congress, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(tree):
    return congress(tree.union_a, proposer_user=tree.member_user)


def _assigned(c, tree, deadline=None):
    proposal = submitted(c)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    return services.proposal_assign(
        actor=tree.chair_a, proposal=proposal, department="后勤部", handler=c.handler, deadline=deadline
    )


def _unchanged(proposal):
    before = Proposal.objects.filter(pk=proposal.pk).values().get()
    steps = proposal.steps.count()
    return lambda: (
        Proposal.objects.filter(pk=proposal.pk).values().get() == before and (proposal.steps.count() == steps)
    )


def test_submission_is_numbered_per_session_and_tells_the_committee(c, tree):
    first = submitted(c)
    second = submitted(c, title="增设班车")
    assert (first.code, second.code) == ("2026-001", "2026-002")
    assert first.cosigners.count() == 2
    assert Notification.objects.filter(user=tree.chair_a, text__contains="2026-001").exists()
    assert AuditEvent.objects.filter(action="proposal.submit", object_id=str(first.pk)).exists()


def test_too_few_cosigners_is_refused(c):
    with pytest.raises(DomainError, match="至少 2 名"):
        services.proposal_submit(
            actor=c.proposer.member.user,
            session=c.session,
            title="增设班车",
            category="living",
            body="理由",
            cosigners=c.reps[:1],
        )
    assert not Proposal.objects.exists()


def test_the_proposer_cannot_cosign_their_own_proposal(c):
    with pytest.raises(DomainError, match="提案人本人"):
        services.proposal_submit(
            actor=c.proposer.member.user,
            session=c.session,
            title="增设班车",
            category="living",
            body="理由",
            cosigners=[c.proposer, c.reps[0]],
        )
    assert not Proposal.objects.exists()


def test_a_non_representative_cannot_submit(c, tree):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(
            actor=tree.chair_a, session=c.session, title="x", category="other", body="y", cosigners=c.reps
        )
    assert not Proposal.objects.exists()


def test_a_double_submit_is_refused(c):
    submitted(c)
    with pytest.raises(Conflict, match="请勿重复提交"):
        submitted(c)
    assert Proposal.objects.count() == 1


def test_representatives_of_another_term_cannot_cosign(c, tree):
    other = congress(tree.union_b, prefix="b")
    with pytest.raises(DomainError, match="本届在任职工代表"):
        services.proposal_submit(
            actor=c.proposer.member.user,
            session=c.session,
            title="x",
            category="other",
            body="y",
            cosigners=[c.reps[0], other.reps[0]],
        )


def test_cosigning_later_once(c):
    proposal = submitted(c)
    latecomer = c.reps[2].member.user
    services.proposal_cosign(actor=latecomer, proposal=proposal)
    assert proposal.cosigners.count() == 3
    with pytest.raises(Conflict):
        services.proposal_cosign(actor=latecomer, proposal=proposal)
    with pytest.raises(DomainError):
        services.proposal_cosign(actor=c.proposer.member.user, proposal=proposal)
    assert proposal.cosigners.count() == 3


def test_only_the_committee_accepts(c, tree):
    proposal = submitted(c)
    unchanged = _unchanged(proposal)
    for outsider in (tree.auditor_a, tree.cadre_a, c.reps[0].member.user, tree.chair_b):
        with pytest.raises(PermissionDenied):
            services.proposal_accept(actor=outsider, proposal=proposal)
    assert unchanged()


def test_accepting_twice_is_refused(c, tree):
    proposal = submitted(c)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    with pytest.raises(Conflict, match="已立案待交办"):
        services.proposal_accept(actor=tree.staff_a, proposal=proposal)
    with pytest.raises(Conflict):
        services.proposal_convert(actor=tree.chair_a, proposal=proposal, reason="个人诉求")


def test_converting_needs_a_reason_and_ends_the_flow(c, tree):
    proposal = submitted(c)
    with pytest.raises(DomainError, match="理由"):
        services.proposal_convert(actor=tree.chair_a, proposal=proposal, reason="  ")
    services.proposal_convert(actor=tree.chair_a, proposal=proposal, reason="属个人诉求，转有关部门")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONVERTED
    assert Notification.objects.filter(user=tree.member_user, text__contains="转为意见建议").exists()
    with pytest.raises(Conflict):
        services.proposal_accept(actor=tree.chair_a, proposal=proposal)


def test_assigning_before_accepting_is_refused(c, tree):
    proposal = submitted(c)
    unchanged = _unchanged(proposal)
    with pytest.raises(Conflict, match="待审查"):
        services.proposal_assign(
            actor=tree.chair_a, proposal=proposal, department="后勤部", handler=c.handler
        )
    assert unchanged()


def test_assignment_defaults_to_the_rule_deadline_and_tells_the_handler(c, tree):
    proposal = _assigned(c, tree)
    today = timezone.localdate()
    assert today + timedelta(days=30) <= proposal.deadline <= today + timedelta(days=33)
    assert Notification.objects.filter(user=c.handler, text__contains="请于").exists()


def test_assignment_checks_handler_department_and_deadline(c, tree):
    proposal = submitted(c)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    unchanged = _unchanged(proposal)
    with pytest.raises(DomainError, match="承办部门"):
        services.proposal_assign(actor=tree.chair_a, proposal=proposal, department="", handler=c.handler)
    with pytest.raises(DomainError, match="承办人"):
        services.proposal_assign(
            actor=tree.chair_a, proposal=proposal, department="后勤部", handler=tree.chair_b
        )
    with pytest.raises(DomainError, match="不能早于今天"):
        services.proposal_assign(
            actor=tree.chair_a,
            proposal=proposal,
            department="后勤部",
            handler=c.handler,
            deadline=date(2020, 1, 1),
        )
    assert unchanged()


def test_only_the_handler_answers(c, tree):
    proposal = _assigned(c, tree)
    unchanged = _unchanged(proposal)
    for outsider in (tree.chair_a, tree.member_user):
        with pytest.raises(PermissionDenied, match="承办人"):
            services.proposal_answer(actor=outsider, proposal=proposal, answer="已解决")
    with pytest.raises(DomainError, match="答复意见"):
        services.proposal_answer(actor=c.handler, proposal=proposal, answer="")
    assert unchanged()


def test_answering_before_assignment_is_refused(c, tree):
    proposal = submitted(c)
    with pytest.raises(Conflict, match="待审查"):
        services.proposal_answer(actor=c.handler, proposal=proposal, answer="已解决")


def test_only_the_proposer_rates_and_only_once(c, tree):
    proposal = _assigned(c, tree)
    services.proposal_answer(actor=c.handler, proposal=proposal, answer="增设两个窗口", measures="12月起")
    unchanged = _unchanged(proposal)
    for outsider in (c.handler, tree.chair_a, c.reps[0].member.user):
        with pytest.raises(PermissionDenied, match="提案人"):
            services.proposal_rate(actor=outsider, proposal=proposal, rating=Rating.SATISFIED)
    with pytest.raises(DomainError, match="满意"):
        services.proposal_rate(actor=tree.member_user, proposal=proposal, rating="great")
    assert unchanged()
    services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.BASICALLY)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating) == (ProposalStatus.CLOSED, Rating.BASICALLY)
    with pytest.raises(Conflict, match="已办结"):
        services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.SATISFIED)


def test_rating_before_an_answer_is_refused(c, tree):
    proposal = _assigned(c, tree)
    with pytest.raises(Conflict, match="办理中"):
        services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.SATISFIED)


def test_unsatisfied_goes_back_once_then_closes_unsatisfied(c, tree):
    proposal = _assigned(c, tree)
    services.proposal_answer(actor=c.handler, proposal=proposal, answer="研究后答复")
    services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.UNSATISFIED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED and proposal.returned and proposal.rating == ""
    assert Notification.objects.filter(user=c.handler, text__contains="退回重办").exists()

    services.proposal_answer(actor=c.handler, proposal=proposal, answer="仍在研究")
    services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.UNSATISFIED)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating) == (ProposalStatus.CLOSED, Rating.UNSATISFIED)
    kinds = list(proposal.steps.values_list("kind", flat=True))
    assert kinds == [
        StepKind.SUBMIT,
        StepKind.ACCEPT,
        StepKind.ASSIGN,
        StepKind.ANSWER,
        StepKind.RATE,
        StepKind.RETURN,
        StepKind.ANSWER,
        StepKind.RATE,
        StepKind.CLOSE,
    ]


def test_a_late_first_answer_counts_as_late_even_after_a_return(c, tree):
    proposal = _assigned(c, tree)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    proposal.refresh_from_db()
    assert proposal.is_overdue(timezone.localdate())
    services.proposal_answer(actor=c.handler, proposal=proposal, answer="迟到的答复")
    services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=Rating.UNSATISFIED)
    services.proposal_answer(actor=c.handler, proposal=proposal, answer="按期的再次答复")
    proposal.refresh_from_db()
    assert proposal.answered_on_time is False
