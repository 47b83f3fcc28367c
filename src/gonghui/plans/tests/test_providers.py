"""The providers other apps register count their own records: a plan item linked to one moves when they do."""

from datetime import date
from decimal import Decimal

import pytest

from gonghui.agreements.models import AgreementKind, AgreementStatus, AgreementTarget, Indicator
from gonghui.agreements.tests.factories import employer_rep, new_agreement, walk
from gonghui.core.tests.clock import pinned
from gonghui.plans import selectors, services

pytestmark = [pytest.mark.django_db, pinned]


def _linked(tree, provider, params=None, year=2025, targets=None):
    plan = services.plan_create(actor=tree.cadre_a, node=tree.town_a, year=year, title="镇总工会工作计划")
    item = services.item_add(actor=tree.cadre_a, plan=plan, title="推进集体协商", targets=targets)
    return services.item_link(actor=tree.cadre_a, item=item, provider=provider, provider_params=params)


def test_agreements_in_force_and_the_rate_against_the_federations_target(tree):
    wage = AgreementKind.objects.get(code="wage")
    target = AgreementTarget.objects.create(
        node=tree.town_a,
        year=2025,
        kind=wage,
        indicator=Indicator.SIGNING,
        percent=Decimal("90"),
        set_by=tree.cadre_a,
    )
    choices = dict(selectors.PROGRESS_PROVIDERS["agreements.rate"].choices(tree.town_a, 2025))
    assert str(target.pk) in choices
    in_force = _linked(tree, "agreements.in_force", targets=[{"quantity": 2, "unit": "份"}])
    plain = services.item_add(actor=tree.cadre_a, plan=in_force.plan, title="工资专项集体合同签订率达90%")
    rate = services.item_link(
        actor=tree.cadre_a, item=plain, provider="agreements.rate", provider_params={"choice": str(target.pk)}
    )
    assert selectors.item_progress(in_force).value == 0
    walk(new_agreement(tree), AgreementStatus.IN_FORCE, actor=tree.chair_a, employer=employer_rep(tree))
    progress = selectors.item_progress(in_force)
    assert (progress.value, progress.target, progress.percent) == (1, 2, 50)
    # Three enterprises in town A, one covered by the wage agreement at the year's end: 33.3 % of the 90 % set.
    progress = selectors.item_progress(rate)
    assert (progress.value, progress.target, progress.unit) == (Decimal("33.3"), Decimal("90"), "%")
    assert progress.percent == 37
    # The target is the federation's record: changing it moves the item, which copied nothing.
    AgreementTarget.objects.filter(pk=target.pk).update(percent=Decimal("50"))
    assert selectors.item_progress(rate).target == Decimal("50")


def test_proposals_answered_and_evaluations_certified_count_zero_without_records(tree):
    answered = _linked(tree, "proposals.answered", year=2026)
    assert selectors.item_progress(answered).value == 0
    certified = services.item_add(actor=tree.cadre_a, plan=answered.plan, title="开展民主评议")
    certified = services.item_link(
        actor=tree.cadre_a, item=certified, provider="congress.evaluations_certified"
    )
    assert selectors.item_progress(certified).value == 0


def test_proposals_answered_counts_the_answered_ones_of_the_year(tree):
    from gonghui.proposals.services import proposal_accept, proposal_answer, proposal_assign
    from gonghui.proposals.tests.factories import congress, submitted

    c = congress(tree.union_a)  # its session is held on 2026-03-20
    proposal = submitted(c)
    item = _linked(tree, "proposals.answered", year=2026)
    assert selectors.item_progress(item).value == 0
    proposal = proposal_accept(actor=tree.chair_a, proposal=proposal)
    proposal = proposal_assign(
        actor=tree.chair_a,
        proposal=proposal,
        department="后勤部",
        handler=c.handler,
        deadline=date(2026, 7, 1),
    )
    proposal_answer(actor=c.handler, proposal=proposal, answer="已增加两个窗口。", measures="六月起实行。")
    assert selectors.item_progress(item).value == 1
