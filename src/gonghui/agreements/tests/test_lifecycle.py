"""The life of an agreement through the services: the order of steps, the clocks from the rule pack, and
refusals that change nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.agreements import services
from gonghui.agreements.models import Agreement, AgreementStatus, Decision, Side, Step, StepKind
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.tests.clock import pinned
from gonghui.orgs.models import Org

from .factories import employer_rep, new_agreement, run_review_vote, start, walk

S = AgreementStatus
# Dates are written out (factories.start() and others in 2025): run on the day they were written for.
pytestmark = [pytest.mark.django_db, pinned]


def _snapshot(agreement):
    agreement = Agreement.objects.get(pk=agreement.pk)
    fields = {
        f.name: getattr(agreement, f.attname)
        for f in Agreement._meta.concrete_fields
        if f.name != "updated_at"
    }
    return fields, Step.objects.filter(agreement=agreement).count(), agreement.negotiators.count()


def test_a_wage_agreement_walks_from_draft_to_in_force_with_a_dated_record_of_every_step(tree):
    employer = employer_rep(tree)
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a, employer=employer)
    kinds = list(agreement.steps.values_list("kind", flat=True))
    assert kinds == [
        StepKind.DRAFTED, StepKind.COMMITTEE, StepKind.OFFERED, StepKind.ANSWERED, StepKind.MEETING,
        StepKind.AGREED, StepKind.REVIEW_OPENED, StepKind.REVIEW_PASSED, StepKind.SIGNED, StepKind.FILED,
        StepKind.EFFECTIVE, StepKind.PUBLISHED,
    ]  # fmt: skip
    answered = agreement.steps.get(kind=StepKind.ANSWERED)
    assert answered.actor == employer
    assert agreement.steps.get(kind=StepKind.EFFECTIVE).actor is None  # the daily sweep
    assert AuditEvent.objects.filter(action="agreement.sign", object_id=str(agreement.pk)).exists()


def test_a_step_out_of_order_is_refused_and_nothing_changes(tree):
    agreement = new_agreement(tree)
    before = _snapshot(agreement)
    with pytest.raises(DomainError, match="起草中"):
        services.offer_send(actor=tree.chair_a, agreement=agreement, on=start())
    with pytest.raises(DomainError):
        services.agreement_sign(actor=tree.chair_a, agreement=agreement, signed_on=start())
    assert _snapshot(agreement) == before


def test_committee_needs_a_draft_first(tree):
    agreement = new_agreement(tree)
    with pytest.raises(DomainError, match="草案"):
        services.committee_record(
            actor=tree.chair_a, agreement=agreement, on=start(), decision=Decision.APPROVE
        )
    assert Agreement.objects.get(pk=agreement.pk).status == S.DRAFTING


def test_a_double_submitted_step_is_refused_the_second_time(tree):
    agreement = walk(new_agreement(tree), S.DISCUSSED, actor=tree.chair_a)
    services.offer_send(actor=tree.chair_a, agreement=agreement, on=start())
    with pytest.raises(DomainError):
        services.offer_send(actor=tree.chair_a, agreement=agreement, on=start())
    assert agreement.steps.filter(kind=StepKind.OFFERED).count() == 1


def test_offer_answer_is_due_in_20_calendar_days_nationally(tree):
    agreement = walk(new_agreement(tree), S.DISCUSSED, actor=tree.chair_a)
    agreement = services.offer_send(actor=tree.chair_a, agreement=agreement, on=date(2025, 3, 3))
    assert agreement.offer_reply_due == date(2025, 3, 24)  # 3 March + 20 = 23 March, a Sunday → Monday


def test_offer_answer_is_due_in_10_working_days_in_zhejiang(tree):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="zhejiang")
    agreement = walk(new_agreement(tree), S.DISCUSSED, actor=tree.chair_a)
    agreement = services.offer_send(actor=tree.chair_a, agreement=agreement, on=date(2025, 3, 3))
    assert agreement.offer_reply_due == date(2025, 3, 17)


def test_offer_answer_is_due_in_15_days_in_shanghai(tree):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="shanghai")
    agreement = walk(new_agreement(tree), S.DISCUSSED, actor=tree.chair_a)
    agreement = services.offer_send(actor=tree.chair_a, agreement=agreement, on=date(2025, 3, 3))
    assert agreement.offer_reply_due == date(2025, 3, 18)


def test_refusing_an_offer_needs_a_reason_and_keeps_it_open(tree):
    employer = employer_rep(tree)
    agreement = walk(new_agreement(tree), S.OFFERED, actor=tree.chair_a)
    with pytest.raises(DomainError, match="理由"):
        services.offer_answer(actor=employer, agreement=agreement, on=start(), decision=Decision.REJECT)
    services.offer_answer(
        actor=employer,
        agreement=agreement,
        on=start() + timedelta(days=2),
        decision=Decision.REJECT,
        note="经营困难",
    )
    agreement.refresh_from_db()
    assert agreement.status == S.OFFERED
    assert agreement.steps.filter(kind=StepKind.ANSWERED, decision=Decision.REJECT).exists()


def test_accepting_the_offer_makes_the_union_chair_the_workers_chief(tree):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    chief = agreement.negotiators.get(side=Side.WORKERS, is_chief=True)
    assert chief.user == tree.chair_a


def test_unequal_teams_block_the_meeting_with_the_reason(tree):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    for name in ("甲", "乙"):
        services.negotiator_add(
            actor=tree.chair_a, agreement=agreement, side=Side.WORKERS, name=name, on=start()
        )
    services.negotiator_add(
        actor=tree.chair_a, agreement=agreement, side=Side.EMPLOYER, name="丙", on=start(), is_chief=True
    )
    with pytest.raises(DomainError, match="企业方协商代表只有 1 人") as refused:
        services.meeting_record(
            actor=tree.chair_a,
            agreement=agreement,
            held_on=start() + timedelta(days=5),
            note_taker="丁",
            minutes="x",
        )
    assert "对等" in refused.value.message
    assert not agreement.meetings.exists()


def test_outside_experts_above_a_third_are_refused(tree):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    for name in ("甲", "乙"):
        services.negotiator_add(
            actor=tree.chair_a,
            agreement=agreement,
            side=Side.WORKERS,
            name=name,
            on=start(),
            is_outside_expert=True,
        )
    problems = services.team_problems(agreement)
    assert any("三分之一" in p for p in problems)


def test_nobody_sits_on_both_sides_and_an_outsider_is_never_chief(tree):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    services.negotiator_add(actor=tree.chair_a, agreement=agreement, side=Side.WORKERS, name="甲", on=start())
    with pytest.raises(DomainError, match="同时代表双方"):
        services.negotiator_add(
            actor=tree.chair_a, agreement=agreement, side=Side.EMPLOYER, name="甲", on=start()
        )
    with pytest.raises(DomainError, match="首席代表不能"):
        services.negotiator_add(
            actor=tree.chair_a,
            agreement=agreement,
            side=Side.EMPLOYER,
            name="乙",
            on=start(),
            is_chief=True,
            is_outside_expert=True,
        )
    with pytest.raises(Conflict, match="首席代表"):
        services.negotiator_add(
            actor=tree.chair_a, agreement=agreement, side=Side.WORKERS, name="丙", on=start(), is_chief=True
        )
    assert agreement.negotiators.count() == 2


def test_a_vacancy_must_be_filled_within_15_days_and_shows_as_a_deadline(tree):
    from gonghui.agreements.selectors import clocks

    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    member = services.negotiator_add(
        actor=tree.chair_a, agreement=agreement, side=Side.WORKERS, name="甲", on=start()
    )
    services.negotiator_leave(actor=tree.chair_a, negotiator=member, on=date(2025, 3, 10))
    member.refresh_from_db()
    assert member.fill_due == date(2025, 3, 25)
    assert [c.code for c in clocks(agreement) if c.code == "vacancy"] == ["vacancy"]
    services.negotiator_add(
        actor=tree.chair_a, agreement=agreement, side=Side.WORKERS, name="乙", on=start(), replaces=member
    )
    assert not [c for c in clocks(agreement) if c.code == "vacancy"]


def test_a_failed_review_sends_the_draft_back_to_negotiation(tree):
    agreement = walk(new_agreement(tree), S.IN_REVIEW, actor=tree.chair_a)
    electorate = agreement.review_poll.electors.count()
    run_review_vote(agreement, tree.chair_a, yes=electorate // 2 - 1 if electorate > 2 else 0)
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert not passed
    assert agreement.status == S.NEGOTIATING
    assert "未获通过" in agreement.steps.get(kind=StepKind.REVIEW_FAILED).note


def test_the_review_result_is_refused_before_the_tally_is_certified(tree):
    agreement = walk(new_agreement(tree), S.IN_REVIEW, actor=tree.chair_a)
    with pytest.raises(DomainError, match="监票人"):
        services.review_record(actor=tree.chair_a, agreement=agreement)
    assert Agreement.objects.get(pk=agreement.pk).status == S.IN_REVIEW


def _review_with(tree, jurisdiction, *, electorate, yes):
    """A certified review of `electorate` voters with `yes` approvals, under the district's jurisdiction."""
    from gonghui.orgs.tests.factories import MemberFactory

    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    present = tree.union_a.members.count()
    for _ in range(electorate - present):
        MemberFactory(union=tree.union_a, enterprise=tree.ent_a)
    agreement = walk(new_agreement(tree), S.IN_REVIEW, actor=tree.chair_a)
    run_review_vote(agreement, tree.chair_a, yes=yes)
    return services.review_record(actor=tree.chair_a, agreement=agreement)[1]


def test_exactly_half_of_all_passes_nationally_半数以上(tree):
    assert _review_with(tree, "", electorate=6, yes=3)


def test_exactly_half_of_all_fails_in_zhejiang_过半数(tree):
    assert not _review_with(tree, "zhejiang", electorate=6, yes=3)


def test_the_term_must_be_one_to_three_years_in_zhejiang(tree):
    # 《浙江省集体合同条例》第三十条 "集体合同期限为一至三年" binds; elsewhere "一般为" is a norm (test_legal.py).
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="zhejiang")
    agreement = walk(new_agreement(tree), S.APPROVED, actor=tree.chair_a)
    before = _snapshot(agreement)
    with pytest.raises(DomainError, match="1 至 3 年"):
        services.agreement_sign(
            actor=tree.chair_a,
            agreement=agreement,
            signed_on=start() + timedelta(days=12),
            starts_on=date(2025, 1, 1),
            ends_on=date(2028, 6, 30),
        )
    with pytest.raises(DomainError, match="1 至 3 年"):
        services.agreement_update(
            actor=tree.chair_a, agreement=agreement, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30)
        )
    assert _snapshot(agreement) == before
    services.agreement_update(
        actor=tree.chair_a, agreement=agreement, starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)
    )


def test_filing_is_due_10_days_after_signing_and_a_late_filing_is_flagged(tree):
    from gonghui.agreements.selectors import clocks

    agreement = walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    assert (
        agreement.filing_due == agreement.signed_on + timedelta(days=10)
        or agreement.filing_due > agreement.signed_on
    )
    late_day = agreement.filing_due + timedelta(days=3)
    agreement = services.agreement_file(actor=tree.chair_a, agreement=agreement, filed_on=late_day)
    filing = next(c for c in clocks(agreement) if c.code == "filing")
    assert filing.overdue(timezone.localdate())
    assert agreement.steps.get(kind=StepKind.FILED).note == "逾期报送"


def test_the_daily_sweep_makes_a_filed_agreement_effective_after_15_days_without_objection(tree):
    agreement = walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    agreement = services.agreement_file(actor=tree.chair_a, agreement=agreement, filed_on=date(2025, 3, 17))
    assert agreement.objection_due == date(2025, 4, 1)
    assert services.effective_sweep(today=date(2025, 4, 1)) == []
    assert [a.pk for a in services.effective_sweep(today=date(2025, 4, 2))] == [agreement.pk]
    assert services.effective_sweep(today=date(2025, 4, 3)) == []
    agreement.refresh_from_db()
    assert agreement.status == S.EFFECTIVE and agreement.effective_on == date(2025, 4, 2)


def test_an_objection_sends_it_back_to_negotiation(tree):
    agreement = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    agreement = services.objection_record(
        actor=tree.chair_a, agreement=agreement, on=agreement.filed_on, note="第三章违反最低工资规定"
    )
    assert agreement.status == S.NEGOTIATING
    assert agreement.signed_on is None and agreement.filed_on is None


def test_publication_is_due_in_5_working_days_in_zhejiang_only(tree):
    agreement = walk(new_agreement(tree), S.EFFECTIVE, actor=tree.chair_a)
    assert agreement.publication_due is None
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction="zhejiang")
    other = walk(new_agreement(tree, kind="women"), S.EFFECTIVE, actor=tree.chair_a)
    assert other.publication_due is not None and other.publication_due > other.effective_on


def test_performance_checks_are_yearly_and_a_duplicate_year_is_refused(tree):
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    year = timezone.localdate().year
    services.performance_check_record(
        actor=tree.chair_a,
        agreement=agreement,
        year=year,
        checked_on=timezone.localdate(),
        result="fulfilled",
    )
    with pytest.raises(Conflict, match="已经登记"):
        services.performance_check_record(
            actor=tree.chair_a,
            agreement=agreement,
            year=year,
            checked_on=timezone.localdate(),
            result="partly",
        )
    assert agreement.checks.count() == 1


def test_the_renewal_window_opens_3_months_before_the_end_and_the_renewal_replaces_the_old(tree):
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=date(2026, 12, 31), starts_on=date(2026, 1, 1))
    # Counted back from the expiry (1 January), not from the last day of the term.
    expiring, _ = services.expiry_sweep(today=date(2026, 9, 30))
    assert expiring == []
    expiring, _ = services.expiry_sweep(today=date(2026, 10, 1))
    assert [a.pk for a in expiring] == [agreement.pk]
    agreement.refresh_from_db()
    new = services.agreement_renew(actor=tree.chair_a, agreement=agreement)
    assert new.renews == agreement and new.status == S.DRAFTING
    assert new.drafts.get().clauses.count() == agreement.drafts.last().clauses.count()
    with pytest.raises(Conflict):
        services.agreement_renew(actor=tree.chair_a, agreement=agreement)
    walk(new, S.EFFECTIVE, actor=tree.chair_a)
    agreement.refresh_from_db()
    assert agreement.status == S.RENEWED


def test_an_agreement_past_its_end_without_renewal_ends(tree):
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    _, ended = services.expiry_sweep(today=agreement.ends_on + timedelta(days=1))
    assert [a.pk for a in ended] == [agreement.pk]


def test_a_reader_cannot_act_and_another_union_cannot_either(tree):
    agreement = new_agreement(tree)
    services.draft_create(actor=tree.chair_a, agreement=agreement, clauses={"pay": "x"})
    for user in (tree.cadre_a, tree.chair_b, tree.auditor_a):
        with pytest.raises(PermissionDenied):
            services.committee_record(actor=user, agreement=agreement, on=start(), decision=Decision.APPROVE)


def test_points_raised_are_marked_taken_up_by_the_next_draft(tree):
    agreement = new_agreement(tree)
    services.draft_create(actor=tree.chair_a, agreement=agreement, clauses={"pay": "工资每年增长百分之五。"})
    point = services.point_raise(
        actor=tree.chair_a, agreement=agreement, area="pay", text="增幅提高到百分之六"
    )
    second = services.draft_create(
        actor=tree.chair_a, agreement=agreement, clauses={"pay": "工资每年增长百分之六。"}, took_up=[point]
    )
    point.refresh_from_db()
    assert point.taken_up_in == second
    with pytest.raises(Conflict):
        services.draft_create(actor=tree.chair_a, agreement=agreement, clauses={"pay": "y"}, took_up=[point])
    assert agreement.drafts.count() == 2
