"""A poll's life through the services: draft, open, vote, close (seal + tally), confirm, certify."""

import dataclasses
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.core.rules import REGISTRY
from gonghui.orgs.jurisdiction import org_rule
from gonghui.voting import selectors, services
from gonghui.voting.models import Ballot, Policy, Poll, PollStatus, QuestionForm, Receipt, VoterMark

from .factories import YES_NO, certify, decrypted, draft_poll, open_poll, shares_of, tellers, voters

pytestmark = pytest.mark.django_db


def test_a_congress_item_passes_with_more_than_half_of_all_representatives(tree):
    people = voters(tree, 9)
    poll = open_poll(tree, people)
    for user, choice in zip(people, ["yes"] * 5 + ["no", "abstain", "no"], strict=False):
        services.cast(voter=user, poll=poll, choices={1: choice})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=9)

    result = selectors.poll_result(user=tree.chair_a, poll=poll)

    [question] = result.questions
    assert question.counts == {"yes": 5, "no": 2, "abstain": 1}
    assert question.passed is True
    assert "赞成 5 票，超过应到 9 人的半数，通过" in question.reason
    assert result.ballots == 8


def test_cast_returns_a_receipt_that_only_its_holder_can_check(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, people)
    code = services.cast(voter=people[0], poll=poll, choices={1: "yes"})

    assert len(code.replace("-", "")) == 16  # 80 random bits in base32
    assert selectors.receipt_counted(poll=poll, code=code) is None  # inside the encrypted ballot until close

    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    assert selectors.receipt_counted(poll=poll, code=code)  # the seal keeps receipts, apart from the ballots
    assert selectors.receipt_counted(poll=poll, code=code.lower().replace("-", " "))
    assert not selectors.receipt_counted(poll=poll, code="AAAA-BBBB-CCCC-DDDD")
    assert not Receipt.objects.filter(digest__contains=code.replace("-", "")).exists()


def test_a_second_vote_is_refused_and_the_first_one_stands(tree):
    people = voters(tree, 1)
    poll = open_poll(tree, people)
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})

    with pytest.raises(Conflict):
        services.cast(voter=people[0], poll=poll, choices={1: "no"})

    assert [choices for choices, _weight, _digest in decrypted(poll)] == [{"1": "yes"}]


def test_someone_outside_the_electorate_cannot_vote(tree):
    people = voters(tree, 3)
    poll = open_poll(tree, people[:2])

    for outsider in (people[2], tree.nobody, tree.chair_a):
        with pytest.raises(PermissionDenied):
            services.cast(voter=outsider, poll=poll, choices={1: "yes"})
    assert not VoterMark.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()


def test_a_deactivated_representative_cannot_vote(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, people)
    people[0].is_active = False
    people[0].save()

    with pytest.raises(PermissionDenied):
        services.cast(voter=people[0], poll=poll, choices={1: "yes"})
    assert not VoterMark.objects.filter(poll=poll).exists()


def test_no_vote_before_opening_or_after_closing(tree):
    people = voters(tree, 2)
    poll = draft_poll(tree, people)
    with pytest.raises(DomainError, match="不在投票时间内"):
        services.cast(voter=people[0], poll=poll, choices={1: "yes"})

    services.poll_open(actor=tree.chair_a, poll=poll)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    with pytest.raises(DomainError, match="不在投票时间内"):
        services.cast(voter=people[1], poll=poll, choices={1: "yes"})
    assert not Ballot.objects.filter(poll=poll).exists()


@pytest.mark.parametrize(
    "choices",
    [
        {},
        {1: "maybe"},
        {1: ["yes"]},
        {2: "yes"},
        {1: "yes", 2: "no"},
        {"1": None},
    ],
)
def test_invalid_choices_are_refused_and_nothing_is_written(tree, choices):
    people = voters(tree, 1)
    poll = open_poll(tree, people)

    with pytest.raises(DomainError) as caught:
        services.cast(voter=people[0], poll=poll, choices=choices)

    assert "第" in caught.value.message or "事项" in caught.value.message
    assert not VoterMark.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})  # and they can still vote


def test_choose_question_allows_up_to_seats_candidates_and_no_unknown_name(tree):
    people = voters(tree, 1)
    election = {
        "text": "选举工会委员",
        "form": QuestionForm.CHOOSE,
        "options": ["甲", "乙", "丙", "丁"],
        "seats": 2,
    }
    poll = open_poll(tree, people, questions=[election], policy=Policy.PLURALITY)

    for bad in (["甲", "乙", "丙"], ["甲", "甲"], ["戊"], "甲"):
        with pytest.raises(DomainError):
            services.cast(voter=people[0], poll=poll, choices={1: bad})
    services.cast(voter=people[0], poll=poll, choices={1: ["丙", "甲"]})

    assert decrypted(poll)[0][0] == {"1": ["甲", "丙"]}  # option order, not click order


def test_rating_question_takes_one_label_of_its_scale(tree):
    people = voters(tree, 1)
    rating = {"text": "对工会主席的评议", "form": QuestionForm.RATING}
    poll = open_poll(tree, people, questions=[rating], policy=Policy.RATING)

    with pytest.raises(DomainError):
        services.cast(voter=people[0], poll=poll, choices={1: "很好"})
    services.cast(voter=people[0], poll=poll, choices={1: "称职"})
    assert decrypted(poll)[0][0] == {"1": "称职"}


def test_nobody_sees_a_tally_while_the_poll_is_open_not_even_the_superuser(tree):
    people = voters(tree, 6)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})

    for user in [tree.superuser, tree.chair_a, *poll_tellers, people[0], tree.cadre_a]:
        with pytest.raises(NotFound):
            selectors.poll_result(user=user, poll=poll)
    assert poll.tally == {}


def test_turnout_counts_heads_only_while_open_and_weight_after_close(tree):
    people = voters(tree, 4)
    poll = open_poll(tree, {people[0]: 10, people[1]: 5, people[2]: 1, people[3]: 1})
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})
    services.cast(voter=people[2], poll=poll, choices={1: "no"})

    # A weight that stepped by 10 would say the delegate of weight 10 just voted.
    assert selectors.turnout(poll) == {"voted": 2, "electorate": 4, "weight_voted": None, "weight_total": 17}
    poll = services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    assert selectors.turnout(poll) == {"voted": 2, "electorate": 4, "weight_voted": 11, "weight_total": 17}


def test_results_are_shown_to_managers_and_tellers_at_close_and_to_electors_once_certified(tree):
    people = voters(tree, 5)
    poll_tellers = tellers(tree, 3)
    poll = open_poll(tree, people, poll_tellers=poll_tellers, tellers_required=2)
    for user in people:
        services.cast(voter=user, poll=poll, choices={1: "yes"})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    assert selectors.poll_result(user=tree.chair_a, poll=poll).questions[0].passed is True
    assert selectors.poll_result(user=poll_tellers[2], poll=poll).ballots == 5
    for too_early in (people[0], tree.cadre_a, tree.auditor_a):
        with pytest.raises(NotFound):
            selectors.poll_result(user=too_early, poll=poll)

    services.tally_confirm(actor=poll_tellers[0], poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED  # one of two
    services.tally_confirm(actor=poll_tellers[1], poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CERTIFIED

    for reader in (people[0], tree.cadre_a, tree.auditor_a, tree.chair_a):
        assert selectors.poll_result(user=reader, poll=poll).certified
    for outsider in (tree.chair_b, tree.cadre_b, tree.nobody, tree.member_user):
        with pytest.raises(NotFound):
            selectors.poll_result(user=outsider, poll=poll)


def test_a_teller_cannot_confirm_twice_and_a_non_teller_not_at_all(tree):
    people = voters(tree, 5)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))

    with pytest.raises(PermissionDenied):
        services.tally_confirm(actor=tree.chair_a, poll=poll)
    services.tally_confirm(actor=poll_tellers[0], poll=poll)
    with pytest.raises(Conflict):
        services.tally_confirm(actor=poll_tellers[0], poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED


def test_a_teller_cannot_confirm_before_close(tree):
    people = voters(tree, 2)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    with pytest.raises(DomainError):
        services.tally_confirm(actor=poll_tellers[0], poll=poll)


def test_fewer_ballots_than_the_minimum_group_size_show_neither_counts_nor_outcome(tree):
    people = voters(tree, 6)
    poll = open_poll(tree, people, min_group_size=5)
    for user in people[:4]:
        services.cast(voter=user, poll=poll, choices={1: "yes"})
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=6)

    [question] = selectors.poll_result(user=tree.chair_a, poll=poll).questions

    # "Passed" from four who voted yes would tell each of them how the other three voted.
    assert question.counts is None and question.passed is None and question.elected == []
    assert "4" not in question.reason and "少于 5 人" in question.reason


def test_settings_and_questions_are_frozen_once_the_poll_opens(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, people)

    with pytest.raises(DomainError, match="不能再修改"):
        services.poll_update(actor=tree.chair_a, poll=poll, min_group_size=1)
    with pytest.raises(DomainError, match="不能再修改"):
        services.questions_set(actor=tree.chair_a, poll=poll, questions=[YES_NO, YES_NO])
    with pytest.raises(DomainError, match="不能再修改"):
        services.electorate_set(actor=tree.chair_a, poll=poll, members=[people[0].member])
    poll.refresh_from_db()
    assert poll.min_group_size == 5
    assert poll.electorate_size == 2


def test_a_draft_can_be_changed_and_the_change_is_audited(tree):
    people = voters(tree, 2)
    poll = draft_poll(tree, people)
    services.poll_update(actor=tree.chair_a, poll=poll, min_group_size=10, title="新名称")
    services.questions_set(actor=tree.chair_a, poll=poll, questions=[YES_NO, {**YES_NO, "text": "第二项"}])

    poll.refresh_from_db()
    assert (poll.min_group_size, poll.title, poll.questions.count()) == (10, "新名称", 2)
    assert AuditEvent.objects.filter(action="poll.update", changes__min_group_size=["5", "10"]).exists()


def test_opening_twice_is_a_conflict(tree):
    poll = open_poll(tree, voters(tree, 2))
    with pytest.raises(Conflict):
        services.poll_open(actor=tree.chair_a, poll=poll)


def test_opening_needs_electorate_and_enough_tellers(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="表决", questions=[YES_NO])
    with pytest.raises(DomainError, match="投票人名单"):
        services.poll_open(actor=tree.chair_a, poll=poll)
    services.electorate_set(actor=tree.chair_a, poll=poll, members=tree.members_a)
    services.tellers_set(actor=tree.chair_a, poll=poll, users=tellers(tree, 1))
    with pytest.raises(DomainError, match="计票人"):
        services.poll_open(actor=tree.chair_a, poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_closing_twice_is_a_conflict_and_attendance_must_be_plausible(tree):
    people = voters(tree, 3)
    poll = open_poll(tree, people)
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})
    services.cast(voter=people[1], poll=poll, choices={1: "yes"})

    for attendance in (1, 4):
        with pytest.raises(DomainError, match="实到人数"):
            services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=attendance)
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll), attendance=2)
    with pytest.raises(Conflict):
        services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))


def test_only_poll_managers_of_the_node_create_open_and_close(tree):
    for outsider in (tree.chair_b, tree.cadre_a, tree.auditor_a, tree.member_user):
        with pytest.raises(PermissionDenied):
            services.poll_create(actor=outsider, node=tree.union_a, title="表决", questions=[YES_NO])
    people = voters(tree, 2)
    poll = draft_poll(tree, people)
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=tree.chair_b, poll=poll)
    services.poll_open(actor=tree.staff_a, poll=poll)
    with pytest.raises(PermissionDenied):
        services.poll_close(actor=tree.cadre_a, poll=poll, shares=shares_of(poll))


def test_electorate_must_be_active_members_of_the_node(tree):
    poll = services.poll_create(actor=tree.chair_a, node=tree.union_a, title="表决", questions=[YES_NO])
    with pytest.raises(DomainError, match="不是本组织的在会会员"):
        services.electorate_set(actor=tree.chair_a, poll=poll, members=[tree.members_a[1], tree.members_b[0]])
    tree.members_a[2].status = "withdrawn"
    tree.members_a[2].save()
    with pytest.raises(DomainError, match=tree.members_a[2].name):
        services.electorate_set(actor=tree.chair_a, poll=poll, members=[tree.members_a[2]])
    with pytest.raises(DomainError, match="权数"):
        services.electorate_set(actor=tree.chair_a, poll=poll, members={tree.members_a[1]: 0})
    assert not poll.electors.exists()


@pytest.mark.parametrize(
    ("policy", "question", "message"),
    [
        (Policy.CONGRESS, {"text": "选举", "form": QuestionForm.CHOOSE, "options": ["甲", "乙"]}, "形式"),
        (Policy.PLURALITY, YES_NO, "形式"),
        (Policy.RATING, {"text": "评议", "form": QuestionForm.RATING, "options": ["好", "好"]}, "重复"),
        (Policy.PLURALITY, {"text": "选举", "form": QuestionForm.CHOOSE, "options": ["甲"]}, "至少两个"),
        (
            Policy.PLURALITY,
            {"text": "选举", "form": QuestionForm.CHOOSE, "options": ["甲", "乙"], "seats": 3},
            "少于",
        ),
        (
            Policy.PLURALITY,
            {"text": "选举", "form": QuestionForm.CHOOSE, "options": ["甲", "乙"], "seats": 0},
            "名额",
        ),
        (Policy.CONGRESS, {"text": "  ", "form": QuestionForm.YES_NO}, "没有填写"),
    ],
)
def test_bad_questions_are_refused_and_no_poll_is_created(tree, policy, question, message):
    with pytest.raises(DomainError, match=message):
        services.poll_create(
            actor=tree.chair_a, node=tree.union_a, title="表决", questions=[question], policy=policy
        )
    assert not tree.union_a.polls.exists()


def test_votable_polls_lists_open_polls_the_user_has_not_voted_in(tree):
    people = voters(tree, 2)
    first = open_poll(tree, people)
    second = open_poll(tree, people)
    draft_poll(tree, people)
    services.cast(voter=people[0], poll=first, choices={1: "yes"})

    assert list(selectors.votable_polls(user=people[0])) == [second]
    assert set(selectors.votable_polls(user=people[1])) == {first, second}
    assert not selectors.votable_polls(user=tree.chair_a).exists()


def test_poll_list_and_get_are_scoped_to_the_node(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, people)

    assert list(selectors.poll_list(user=tree.cadre_a, node=tree.town_a)) == [poll]
    assert list(selectors.poll_list(user=tree.chair_a, node=tree.union_a, search="职代会")) == [poll]
    assert not selectors.poll_list(user=tree.chair_a, node=tree.union_a, status=PollStatus.CLOSED).exists()
    assert not selectors.poll_list(user=tree.chair_b, node=tree.union_a).exists()
    assert selectors.poll_get(user=tree.auditor_a, pk=poll.pk) == poll
    assert selectors.poll_get(user=people[0], pk=poll.pk) == poll  # an elector opens the poll they vote in
    for outsider in (tree.chair_b, tree.cadre_b, tree.nobody, tree.member_user):
        with pytest.raises(NotFound):
            selectors.poll_get(user=outsider, pk=poll.pk)


def test_lifecycle_is_audited_but_no_vote_is(tree):
    people = voters(tree, 5)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    before = AuditEvent.objects.count()
    for user in people:
        services.cast(voter=user, poll=poll, choices={1: "no"})
    assert AuditEvent.objects.count() == before

    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    certify(poll, poll_tellers)

    actions = list(
        AuditEvent.objects.filter(object_id=str(poll.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "poll.create",
        "poll.electorate_set",
        "poll.tellers_set",
        "poll.open",
        "poll.close",
        "poll.tally_confirm",
        "poll.tally_confirm",
        "poll.certify",
    ]
    assert "no" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


# --- The hot path ------------------------------------------------------------------------------------


# No test transaction around cast: its own is the outermost, as when served.
@pytest.mark.django_db(transaction=True)
def test_a_vote_costs_a_locking_read_and_the_inserts_once_the_poll_questions_are_cached(tree):
    """800 electors vote within a minute: one statement locks the poll and reads the voter's elector row, then
    the mark and the ballot (one statement on PostgreSQL). No savepoint, no member row, and the questions are
    read once per process (they are frozen once the poll opens)."""
    people = voters(tree, 2)
    poll = open_poll(tree, people)
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})

    with CaptureQueriesContext(connection) as vote:
        services.cast(voter=people[1], poll=Poll(pk=poll.pk), choices={1: "no"})

    # SQLite's backend sends BEGIN and COMMIT as statements, PostgreSQL's does not: count the others.
    statements = [q["sql"] for q in vote.captured_queries if q["sql"].split()[0] not in ("BEGIN", "COMMIT")]
    lock, *inserts = statements
    assert "voting_poll" in lock and "voting_elector" in lock
    assert ("FOR SHARE" in lock) == (connection.vendor == "postgresql")  # close waits for this vote
    assert len(inserts) == (1 if connection.vendor == "postgresql" else 2), statements
    assert all(sql.startswith(("INSERT", "WITH")) for sql in inserts)
    assert not any("SAVEPOINT" in sql or "voting_question" in sql for sql in statements)


def test_cached_questions_belong_to_the_poll_as_it_was_opened(tree):
    people = voters(tree, 2)
    first = open_poll(tree, people)
    second = open_poll(
        tree, people, questions=[{"text": "评议", "form": QuestionForm.RATING}], policy=Policy.RATING
    )
    services.cast(voter=people[0], poll=first, choices={1: "yes"})
    with pytest.raises(DomainError, match="选择无效"):
        services.cast(voter=people[0], poll=second, choices={1: "yes"})
    services.cast(voter=people[0], poll=second, choices={1: "称职"})
    services.cast(voter=people[1], poll=first, choices={1: "no"})


def test_a_vote_on_a_missing_poll_is_refused_and_writes_nothing(tree):
    people = voters(tree, 1)
    with pytest.raises(PermissionDenied):
        services.cast(voter=people[0], poll=Poll(pk=987654), choices={1: "yes"})
    assert not VoterMark.objects.exists() and not Ballot.objects.exists()


def test_a_paper_ballot_and_then_a_web_vote_is_a_conflict(tree):
    people = voters(tree, 2)
    poll = open_poll(tree, people)
    services.paper_issue(actor=tree.chair_a, poll=poll, member=people[0].member)
    with pytest.raises(Conflict, match="已经投过票（或已领取纸质选票）"):
        services.cast(voter=people[0], poll=poll, choices={1: "yes"})
    with pytest.raises(Conflict, match="已经投过票"):
        services.paper_issue(actor=tree.chair_a, poll=poll, member=people[0].member)
    assert (VoterMark.objects.filter(poll=poll).count(), Ballot.objects.filter(poll=poll).count()) == (1, 0)


# --- Drafting: policy and questions in one call ------------------------------------------------------

ELECTION = {"text": "选举工会委员", "form": QuestionForm.CHOOSE, "options": ["甲", "乙", "丙"], "seats": 1}


def test_poll_update_switches_the_policy_and_the_question_form_together(tree):
    poll = draft_poll(tree, voters(tree, 2))
    with pytest.raises(DomainError, match="形式"):  # the new policy does not fit the old questions
        services.poll_update(actor=tree.chair_a, poll=poll, policy=Policy.PLURALITY)

    services.poll_update(
        actor=tree.chair_a, poll=poll, policy=Policy.PLURALITY, kind="other", questions=[ELECTION]
    )

    poll.refresh_from_db()
    assert poll.policy == Policy.PLURALITY
    assert list(poll.questions.values_list("form", "options")) == [("choose", ["甲", "乙", "丙"])]
    event = AuditEvent.objects.filter(action="poll.update").latest("pk")
    assert event.changes["policy"] == ["congress", "plurality"]
    assert event.changes["questions"] == ["选举工会委员"]


def test_poll_update_with_questions_that_do_not_fit_changes_nothing(tree):
    poll = draft_poll(tree, voters(tree, 2))
    with pytest.raises(DomainError, match="形式"):
        services.poll_update(actor=tree.chair_a, poll=poll, title="新名称", questions=[ELECTION])
    poll.refresh_from_db()
    assert poll.title != "新名称" and list(poll.questions.values_list("form", flat=True)) == ["yes_no"]


def test_poll_update_with_questions_only_is_refused_once_open(tree):
    poll = open_poll(tree, voters(tree, 2))
    with pytest.raises(DomainError, match="不能再修改"):
        services.poll_update(actor=tree.chair_a, poll=poll, questions=[YES_NO, YES_NO])
    assert poll.questions.count() == 1


# --- The representative's list -----------------------------------------------------------------------


def test_elector_polls_lists_open_polls_of_the_elector_and_whether_they_voted(tree):
    people = voters(tree, 3)
    first = open_poll(tree, people[:2])
    second = open_poll(tree, people)
    draft_poll(tree, people)
    closed = open_poll(tree, people)
    services.poll_close(actor=tree.chair_a, poll=closed, shares=shares_of(closed))
    services.cast(voter=people[0], poll=first, choices={1: "yes"})

    assert [(p, p.voted) for p in selectors.elector_polls(user=people[0])] == [(second, False), (first, True)]
    assert [(p, p.voted) for p in selectors.elector_polls(user=people[2])] == [(second, False)]
    assert not selectors.elector_polls(user=tree.chair_a).exists()


def test_a_poll_opened_early_on_new_years_day_follows_the_rules_of_the_new_year(
    tree, monkeypatch, time_machine
):
    # 07:30 in China is still 31 December in UTC.
    time_machine.move_to(datetime(2027, 1, 1, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    rule_id = "voting.congress_majority"
    newer = dataclasses.replace(
        org_rule(tree.union_a, rule_id), value=Fraction(2, 3), effective_from=date(2027, 1, 1)
    )
    monkeypatch.setitem(REGISTRY, rule_id, [*REGISTRY[rule_id], newer])

    poll = open_poll(tree, voters(tree, 3))

    assert selectors.thresholds_for(poll).congress_majority == newer
