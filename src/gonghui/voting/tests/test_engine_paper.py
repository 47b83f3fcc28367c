"""Paper ballots beside web ones, weighted electorates and 差额 elections, through the services."""

import pytest

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.voting import selectors, services
from gonghui.voting.models import (
    Ballot,
    EncryptedBallot,
    Origin,
    PaperCount,
    Policy,
    Poll,
    PollKind,
    PollStatus,
    QuestionForm,
    VoterMark,
)

from .factories import certify, draft_poll, open_poll, shares_of, tellers, voters

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(tree):
    """A congress of ten: six vote online, four take paper ballots from teller 0."""
    people = voters(tree, 10)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    for user in people[:6]:
        services.cast(voter=user, poll=poll, choices={1: "yes" if user != people[5] else "no"})
    for user in people[6:]:
        services.paper_issue(actor=poll_tellers[0], poll=poll, member=user.member)
    return people, poll_tellers, poll


def _close(tree, poll):
    return services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=10)


def test_a_member_with_a_paper_ballot_cannot_also_vote_online(tree, hall):
    people, _, poll = hall
    with pytest.raises(Conflict):
        services.cast(voter=people[7], poll=poll, choices={1: "yes"})
    assert VoterMark.objects.get(poll=poll, member=people[7].member).origin == Origin.PAPER
    assert EncryptedBallot.objects.filter(poll=poll).count() == 6


def test_a_member_who_voted_online_gets_no_paper_ballot(tree, hall):
    people, poll_tellers, poll = hall
    with pytest.raises(Conflict):
        services.paper_issue(actor=poll_tellers[1], poll=poll, member=people[0].member)
    assert VoterMark.objects.get(poll=poll, member=people[0].member).origin == Origin.WEB


def test_paper_ballots_are_issued_by_tellers_or_managers_to_electors_only(tree):
    people = voters(tree, 3)
    poll = open_poll(tree, people[:2])
    with pytest.raises(PermissionDenied):
        services.paper_issue(actor=tree.auditor_a, poll=poll, member=people[0].member)
    with pytest.raises(DomainError, match="不在本次表决的投票人名单中"):
        services.paper_issue(actor=tree.chair_a, poll=poll, member=people[2].member)
    services.paper_issue(actor=tree.chair_a, poll=poll, member=people[0].member)
    assert VoterMark.objects.filter(poll=poll).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="poll.paper_issue").exists()  # who voted when


def test_paper_ballots_are_counted_by_one_teller_confirmed_by_another_and_add_up(tree, hall):
    _, poll_tellers, poll = hall
    _close(tree, poll)

    box = services.paper_count_enter(
        actor=poll_tellers[0], poll=poll, ballots=4, counts={1: {"yes": 2, "no": 1, "abstain": 1}}
    )
    with pytest.raises(DomainError, match="另一名计票人"):
        services.paper_count_confirm(actor=poll_tellers[0], count=box)
    with pytest.raises(DomainError, match="未经另一名计票人核对"):
        services.tally_confirm(actor=poll_tellers[1], poll=poll)
    services.paper_count_confirm(actor=poll_tellers[1], count=box)
    with pytest.raises(Conflict):
        services.paper_count_confirm(actor=poll_tellers[1], count=box)
    certify(poll, poll_tellers)

    result = selectors.poll_result(user=tree.chair_a, poll=poll)
    assert result.certified
    assert result.ballots == 10
    assert result.questions[0].counts == {"yes": 7, "no": 2, "abstain": 1}
    assert result.questions[0].passed is True  # 7 of 10: more than half of all


def test_no_result_is_shown_until_every_paper_ballot_is_counted_and_confirmed(tree, hall):
    """The result before and after one more box is confirmed would tell that box's choices."""
    _, poll_tellers, poll = hall
    _close(tree, poll)
    box = services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=4, counts={1: {"yes": 4}})

    result = selectors.poll_result(user=tree.chair_a, poll=poll)
    assert result.paper_pending == 4 and not result.counts_shown
    [question] = result.questions
    assert question.counts is None and question.passed is None
    assert "4 张纸质选票未计票核对" in question.reason

    services.paper_count_confirm(actor=poll_tellers[1], count=box)
    result = selectors.poll_result(user=tree.chair_a, poll=poll)
    assert result.questions[0].counts == {"yes": 9, "no": 1, "abstain": 0}


@pytest.mark.parametrize(
    ("ballots", "counts", "message"),
    [
        (5, {1: {"yes": 4}}, "超出了发出张数"),
        (0, {1: {"yes": 0}}, "正整数"),
        (4, {1: {"yes": 3, "no": 2}}, "超过了本箱选票张数"),
        (4, {1: {"yes": 5}}, "超过了本箱选票张数"),
        (4, {1: {"maybe": 1}}, "无效选项"),
        (4, {1: {"yes": -1}}, "非负整数"),
        (4, {1: {"yes": "3"}}, "非负整数"),
        (4, {}, "每个表决事项"),
        (4, {1: {"yes": 1}, 2: {"yes": 1}}, "每个表决事项"),
    ],
)
def test_impossible_paper_counts_are_refused_and_nothing_is_written(tree, hall, ballots, counts, message):
    _, poll_tellers, poll = hall
    _close(tree, poll)
    with pytest.raises(DomainError, match=message):
        services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=ballots, counts=counts)
    assert not PaperCount.objects.exists()


def test_boxes_together_cannot_exceed_the_paper_ballots_issued(tree, hall):
    _, poll_tellers, poll = hall
    Poll.objects.filter(pk=poll.pk).update(min_group_size=1)  # boxes of any size (see the next test)
    _close(tree, poll)
    services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=3, counts={1: {"yes": 3}})
    with pytest.raises(DomainError, match="已录入 3 张"):
        services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=2, counts={1: {"yes": 2}})
    assert PaperCount.objects.count() == 1


def test_paper_counts_are_entered_only_by_tellers_after_close_and_before_any_confirmation(tree, hall):
    people, poll_tellers, poll = hall
    counts = {1: {"yes": 1}}
    with pytest.raises(DomainError, match="表决结束后"):
        services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=1, counts=counts)
    _close(tree, poll)
    for outsider in (tree.chair_a, people[0]):
        with pytest.raises(PermissionDenied):
            services.paper_count_enter(actor=outsider, poll=poll, ballots=1, counts=counts)
    services.tally_confirm(actor=poll_tellers[0], poll=poll)
    with pytest.raises(Conflict, match="已有计票人确认"):
        services.paper_count_enter(actor=poll_tellers[1], poll=poll, ballots=1, counts=counts)


def test_a_choose_box_allows_up_to_seats_marks_per_ballot(tree):
    people = voters(tree, 3)
    poll_tellers = tellers(tree)
    election = {"text": "选举委员", "form": QuestionForm.CHOOSE, "options": ["甲", "乙", "丙"], "seats": 2}
    poll = open_poll(tree, people, questions=[election], policy=Policy.PLURALITY, poll_tellers=poll_tellers)
    for user in people:
        services.paper_issue(actor=poll_tellers[0], poll=poll, member=user.member)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    with pytest.raises(DomainError):
        services.paper_count_enter(
            actor=poll_tellers[0], poll=poll, ballots=3, counts={1: {"甲": 3, "乙": 3, "丙": 1}}
        )
    services.paper_count_enter(
        actor=poll_tellers[0], poll=poll, ballots=3, counts={1: {"甲": 3, "乙": 2, "丙": 1}}
    )


def test_paper_totals_are_part_of_what_the_tellers_sign(tree, hall):
    _, poll_tellers, poll = hall
    _close(tree, poll)
    without_paper = services.certification_digest(poll)
    box = services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=4, counts={1: {"yes": 4}})
    services.paper_count_confirm(actor=poll_tellers[1], count=box)

    certify(poll, poll_tellers)

    poll.refresh_from_db()
    assert poll.status == PollStatus.CERTIFIED
    assert {t.confirmed_fingerprint for t in poll.tellers.all()} == {services.certification_digest(poll)}
    assert services.certification_digest(poll) != without_paper


# --- Weighted electorates -------------------------------------------------------------------------------


def test_a_weighted_congress_counts_weights_and_decides_on_the_total_weight(tree):
    people = voters(tree, 4)
    weights = dict(zip(people, [40, 30, 20, 10], strict=True))
    poll = open_poll(tree, weights, min_group_size=4)
    choices = ["yes", "no", "yes", "abstain"]
    for user, choice in zip(people, choices, strict=True):
        services.cast(voter=user, poll=poll, choices={1: choice})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=4)

    result = selectors.poll_result(user=tree.chair_a, poll=poll)

    assert result.weighted
    assert (result.electorate_size, result.electorate_weight, result.weight) == (4, 100, 100)
    [question] = result.questions
    assert question.counts == {"yes": 60, "no": 30, "abstain": 10}
    assert question.passed is True  # 60 of 100
    # No sealed ballot carries its weight: every weight here names one delegate.
    assert set(Ballot.objects.filter(poll=poll).values_list("weight", flat=True)) == {None}


def test_weighted_counts_and_the_more_than_half_of_all_denominator(tree):
    people = voters(tree, 6)
    weights = dict(zip(people, [30, 10, 10, 10, 10, 30], strict=True))
    poll = open_poll(tree, weights)
    for user, choice in zip(people[:5], ["no", "yes", "yes", "yes", "yes"], strict=True):
        services.cast(voter=user, poll=poll, choices={1: choice})
    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=5)

    [question] = selectors.poll_result(user=tree.chair_a, poll=poll).questions

    assert question.counts == {"yes": 40, "no": 30, "abstain": 0}  # four of five people, but 40 of 100
    assert question.passed is False
    assert "未超过应到权数 100 票的半数" in question.reason
    assert selectors.turnout(poll) == {"voted": 5, "electorate": 6, "weight_voted": 70, "weight_total": 100}


def test_a_delegate_with_weight_votes_online_only(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, {people[0]: 5, people[1]: 1})
    with pytest.raises(DomainError, match="只能网上投票"):
        services.paper_issue(actor=tree.chair_a, poll=poll, member=people[0].member)
    services.paper_issue(actor=tree.chair_a, poll=poll, member=people[1].member)


# --- 差额 elections ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seats", "needed"), [(1, 2), (2, 3), (7, 8), (20, 21), (21, 23), (40, 42)])
def test_an_election_needs_more_candidates_than_seats_by_the_minimum_surplus(seats, needed):
    assert services.minimum_candidates(seats) == needed


def test_an_election_with_too_few_candidates_is_refused(tree):
    names = [f"候选人{i}" for i in range(7)]
    question = {"text": "选举工会委员会委员", "form": QuestionForm.CHOOSE, "options": names, "seats": 7}
    with pytest.raises(DomainError, match="差额"):
        services.poll_create(
            actor=tree.chair_a,
            node=tree.union_a,
            title="换届选举",
            questions=[question],
            kind=PollKind.ELECTION,
            policy=Policy.PLURALITY,
        )
    assert not tree.union_a.polls.exists()
    services.poll_create(
        actor=tree.chair_a,
        node=tree.union_a,
        title="换届选举",
        questions=[{**question, "options": [*names, "候选人7"]}],
        kind=PollKind.ELECTION,
        policy=Policy.PLURALITY,
    )


def test_a_union_election_elects_with_more_than_half_of_those_entitled(tree):
    people = voters(tree, 9)
    question = {"text": "选举工会主席", "form": QuestionForm.CHOOSE, "options": ["甲", "乙"], "seats": 1}
    poll = draft_poll(tree, people, questions=[question], kind=PollKind.ELECTION, policy=Policy.PLURALITY)
    services.poll_open(actor=tree.chair_a, poll=poll)
    for user, name in zip(people[:7], ["甲"] * 4 + ["乙"] * 3, strict=True):
        services.cast(voter=user, poll=poll, choices={1: [name]})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=7)

    [result] = selectors.poll_result(user=tree.chair_a, poll=poll).questions

    assert result.counts == {"甲": 4, "乙": 3}
    assert result.elected == []  # 4 of the 9 entitled is not more than half, though most of those present
    assert "应选 1 名，当选 0 名" in result.reason


def test_a_paper_box_smaller_than_the_minimum_group_size_is_refused(tree):
    people = voters(tree, 12)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers, min_group_size=5)
    for user in people[:8]:
        services.paper_issue(actor=poll_tellers[0], poll=poll, member=user.member)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=8)

    with pytest.raises(DomainError, match="每箱纸质选票至少 5 张"):
        services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=3, counts={1: {"yes": 3}})
    assert not PaperCount.objects.filter(poll=poll).exists()
    # The whole lot in one box is allowed: its counts are the poll's paper totals.
    services.paper_count_enter(actor=poll_tellers[0], poll=poll, ballots=8, counts={1: {"yes": 8}})
