"""Legal corrections (issue 13): one verdict per vote, provisional deadlines, thresholds as the statutes word
them. Each test pins a defect found against the statute texts."""

from dataclasses import replace
from datetime import date

import pytest

from gonghui.agreements import services
from gonghui.agreements.models import AgreementStatus, StepKind
from gonghui.core import rules as core_rules
from gonghui.core.rules import MORE_THAN
from gonghui.core.tests.clock import pinned
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import MemberFactory
from gonghui.voting.selectors import poll_result

from .factories import new_agreement, run_review_vote, walk

S = AgreementStatus
pytestmark = [pytest.mark.django_db, pinned]


def _certified_review(tree, jurisdiction, *, electorate, yes):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    for _ in range(electorate - tree.union_a.members.count()):
        MemberFactory(union=tree.union_a, enterprise=tree.ent_a)
    agreement = walk(new_agreement(tree), S.IN_REVIEW, actor=tree.chair_a)
    assert agreement.review_poll.electors.count() == electorate
    run_review_vote(agreement, tree.chair_a, yes=yes)
    return agreement


# --- One verdict per vote ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "cite"),
    [
        ("", "《集体合同规定》第三十六条"),
        ("beijing", "《北京市集体合同条例》第三十八条"),
        ("shanghai", "《上海市集体合同条例》第二十二条"),
    ],
)
def test_ten_present_five_in_favour_passes_on_the_poll_page_and_in_the_agreement(tree, jurisdiction, cite):
    agreement = _certified_review(tree, jurisdiction, electorate=10, yes=5)
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is True and passed is True
    assert "通过" in verdict.reason and "未通过" not in verdict.reason
    assert f"通过（{cite}）" in verdict.reason
    assert f"获得通过：{verdict.reason}" == agreement.steps.get(kind=StepKind.REVIEW_PASSED).note


def test_in_zhejiang_both_say_not_passed_for_exactly_half_过半数(tree):
    agreement = _certified_review(tree, "zhejiang", electorate=10, yes=5)
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is False and passed is False
    assert "《浙江省集体合同条例》第二十四条" in verdict.reason


def test_the_review_is_judged_by_the_rule_in_force_on_the_day_of_the_vote(tree, monkeypatch, time_machine):
    agreement = _certified_review(tree, "", electorate=10, yes=5)
    # A stricter national version takes effect after the vote (2026-06-15) but before it is recorded.
    versions = core_rules.REGISTRY["agreement.approval_majority"]
    national = next(r for r in versions if r.jurisdiction == core_rules.NATIONAL)
    stricter = replace(national, bound=MORE_THAN, effective_from=date(2026, 7, 1))
    monkeypatch.setitem(core_rules.REGISTRY, "agreement.approval_majority", [*versions, stricter])
    time_machine.move_to(date(2026, 7, 6))
    verdict = poll_result(user=tree.chair_a, poll=agreement.review_poll).questions[0]
    agreement, passed = services.review_record(actor=tree.chair_a, agreement=agreement)
    assert verdict.passed is True and passed is True
    assert agreement.steps.get(kind=StepKind.REVIEW_PASSED)


def test_the_poll_page_names_the_rule_applied_with_its_citation(tree):
    from django.test import Client
    from django.urls import reverse

    agreement = _certified_review(tree, "", electorate=10, yes=5)
    client = Client()
    client.force_login(tree.chair_a)
    page = client.get(reverse("poll_detail", kwargs={"pk": agreement.review_poll.pk})).content.decode()
    assert "全体应到人数半数以上同意（《集体合同规定》第三十六条）" in page
    assert "过半数" not in page
