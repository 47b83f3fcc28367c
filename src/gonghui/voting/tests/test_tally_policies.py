"""Pass policies as a table (docs/reliability.md V7): quorum, the majority's denominator (应到 vs 实到), exact
thresholds, ties at the last seat, abstentions, weights, and the provinces whose bound differs."""

from fractions import Fraction

import pytest

from gonghui.core.rules import rule_for
from gonghui.voting import rules
from gonghui.voting.models import Policy, Question, QuestionForm
from gonghui.voting.tally import Thresholds, Turnout, evaluate

NATIONAL = Thresholds(
    congress_attendance=rules.CONGRESS_ATTENDANCE,
    congress_majority=rules.CONGRESS_MAJORITY,
    majority_of_cast=rules.MAJORITY_OF_CAST,
    election_attendance=rules.ELECTION_ATTENDANCE,
    election_majority=rules.ELECTION_MAJORITY,
)


def _province(name: str) -> Thresholds:
    return Thresholds(
        congress_attendance=rule_for("voting.congress_attendance", name),
        congress_majority=rule_for("voting.congress_majority", name),
        majority_of_cast=rules.MAJORITY_OF_CAST,
        election_attendance=rules.ELECTION_ATTENDANCE,
        election_majority=rules.ELECTION_MAJORITY,
    )


SHANGHAI, ZHEJIANG = _province("shanghai"), _province("zhejiang")
CANDIDATES = ["甲", "乙", "丙"]


def yes_no(yes, no=0, abstain=0):
    return Question(position=1, form=QuestionForm.YES_NO), {"yes": yes, "no": no, "abstain": abstain}


def choose(*votes, seats=1):
    return (
        Question(position=1, form=QuestionForm.CHOOSE, options=CANDIDATES, seats=seats),
        dict(zip(CANDIDATES, votes, strict=True)),
    )


def rating(*counts):
    labels = rules.DEFAULT_RATING_LABELS
    return Question(position=1, form=QuestionForm.RATING, options=labels), dict(
        zip(labels, counts, strict=True)
    )


def turnout(size=150, attendance=150, cast=None, weight=None):
    return Turnout(
        electorate_size=size,
        electorate_weight=size if weight is None else weight,
        attendance=attendance,
        cast_weight=attendance if cast is None else cast,
        weighted=weight is not None,
    )


C, M, P, R = Policy.CONGRESS, Policy.MAJORITY_OF_CAST, Policy.PLURALITY, Policy.RATING

# (policy, question and counts, turnout, options, expected outcome, fragment of the reason)
TABLE = [
    # 职代会: ≥ 2/3 present, > 1/2 of ALL representatives say yes.
    (C, yes_no(76), turnout(attendance=100), {}, True, "到会 100 人，达到应到 150 人的三分之二"),
    (C, yes_no(99), turnout(attendance=99), {}, False, "未达到应到 150 人的三分之二，表决无效"),
    (C, yes_no(0), turnout(attendance=0), {}, False, "表决无效"),
    (C, yes_no(75, 75), turnout(), {}, False, "赞成 75 票，未超过应到 150 人的半数，未通过"),
    (C, yes_no(76, 74), turnout(), {}, True, "赞成 76 票，超过应到 150 人的半数，通过"),
    (
        C,
        yes_no(70, 30, 20),
        turnout(attendance=120),
        {},
        False,
        "未超过应到 150 人的半数",
    ),  # most present ≠ most of all
    (C, yes_no(80, 0, 40), turnout(attendance=120), {}, True, "通过"),  # abstentions do not block
    (C, yes_no(2, 0), turnout(size=3, attendance=2), {}, True, "赞成 2 票"),
    (C, yes_no(1, 1), turnout(size=3, attendance=2), {}, False, "未通过"),
    (C, yes_no(51, 20), turnout(size=10, attendance=7, weight=100), {}, True, "超过应到权数 100 票的半数"),
    (
        C,
        yes_no(50, 20),
        turnout(size=10, attendance=7, weight=100),
        {},
        False,
        "未超过应到权数 100 票的半数",
    ),
    (C, yes_no(75, 75), turnout(), {"thresholds": SHANGHAI}, True, "达到应到 150 人的半数"),  # 半数以上 ≥ ½
    (C, yes_no(75, 75), turnout(), {"thresholds": ZHEJIANG}, False, "未超过应到 150 人的半数"),  # 过半数 > ½
    # Simple majority of the ballots cast: abstentions count in the denominator.
    (M, yes_no(51, 49), turnout(cast=100), {}, True, "赞成 51 票，超过所投 100 票的半数，通过"),
    (M, yes_no(50, 50), turnout(cast=100), {}, False, "未超过所投 100 票的半数"),
    (M, yes_no(50, 10, 40), turnout(cast=100), {}, False, "未通过"),
    (M, yes_no(0), turnout(cast=0), {}, False, "无人投票"),
    (M, yes_no(16, 14), turnout(size=5, attendance=5, cast=30, weight=30), {}, True, "所投 30 票"),
    # Plurality among candidates, optionally above a minimum share of the ballots cast.
    (P, choose(5, 3, 2), turnout(cast=10), {}, ["甲"], "当选：甲（5 票）"),
    (P, choose(5, 3, 2, seats=2), turnout(cast=10), {}, ["甲", "乙"], "当选：甲（5 票）、乙（3 票）"),
    (P, choose(5, 3, 3, seats=2), turnout(cast=10), {}, ["甲"], "乙、丙票数相同（各 3 票），未当选"),
    (P, choose(4, 4, 2), turnout(cast=10), {}, [], "甲、乙票数相同"),
    (P, choose(4, 4, 2, seats=2), turnout(cast=10), {}, ["甲", "乙"], "当选"),
    (P, choose(5, 3, 2), turnout(cast=10), {"min_share": Fraction(1, 2)}, [], "未超过所投 10 票的半数"),
    (P, choose(6, 3, 1), turnout(cast=10), {"min_share": Fraction(1, 2)}, ["甲"], "当选：甲（6 票）"),
    (P, choose(5, 3, 0, seats=3), turnout(cast=10), {}, ["甲", "乙"], "应选 3 名，当选 2 名"),
    (P, choose(0, 0, 0), turnout(cast=10), {}, [], "应选 1 名，当选 0 名"),
    # Union elections: ≥ 2/3 of electors present, each elected with > 1/2 of those entitled (应到会).
    (P, choose(76, 40, 4), turnout(attendance=120), {"election": True}, ["甲"], "当选：甲（76 票）"),
    (
        P,
        choose(75, 40, 5),
        turnout(attendance=120),
        {"election": True},
        [],
        "甲、乙、丙得票未超过应到 150 人的半数",
    ),
    (P, choose(90, 9, 0), turnout(attendance=99), {"election": True}, [], "选举无效"),
    (
        P,
        choose(90, 80, 76, seats=2),
        turnout(),
        {"election": True},
        ["甲", "乙"],
        "当选：甲（90 票）、乙（80 票）",
    ),
    (P, choose(90, 80, 80, seats=2), turnout(), {"election": True}, ["甲"], "乙、丙票数相同（各 80 票）"),
    (
        P,
        choose(90, 70, 60, seats=2),
        turnout(),
        {"election": True},
        ["甲"],
        "乙、丙得票未超过应到 150 人的半数",
    ),
    # 民主评议: shares of each grade, cumulative after the first.
    (
        R,
        rating(4, 3, 2, 1),
        turnout(),
        {},
        {"优秀率": 40.0, "称职及以上率": 70.0, "基本称职及以上率": 90.0},
        "优秀率 40.0%",
    ),
    (R, rating(0, 0, 0, 0), turnout(), {}, {}, "没有有效评议票"),
    (
        R,
        rating(60, 40, 0, 0),
        turnout(weight=100),
        {},
        {"优秀率": 60.0, "称职及以上率": 100.0, "基本称职及以上率": 100.0},
        "",
    ),
]


@pytest.mark.parametrize(("policy", "question_counts", "basis", "options", "expected", "reason"), TABLE)
def test_policy_table(policy, question_counts, basis, options, expected, reason):
    question, counts = question_counts
    outcome = evaluate(
        policy=policy,
        question=question,
        counts=counts,
        turnout=basis,
        thresholds=options.get("thresholds", NATIONAL),
        election=options.get("election", False),
        min_share=options.get("min_share"),
    )

    if policy in (C, M):
        assert outcome.passed is expected
    elif policy == P:
        assert outcome.elected == expected
    else:
        assert outcome.rates == expected
    assert reason in outcome.reason


def test_the_table_has_at_least_thirty_rows():
    assert len(TABLE) >= 30
