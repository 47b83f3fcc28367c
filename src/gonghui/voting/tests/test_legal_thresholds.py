"""Thresholds as the statutes word them (issue 13): the election majority is a jurisdiction rule."""

from fractions import Fraction

from gonghui.core.rules import rule_for
from gonghui.voting import rules
from gonghui.voting.models import Policy, Question, QuestionForm
from gonghui.voting.tally import Thresholds, Turnout, evaluate, policy_label


def _thresholds(jurisdiction: str) -> Thresholds:
    return Thresholds(
        congress_attendance=rule_for("voting.congress_attendance", jurisdiction),
        congress_majority=rule_for("voting.congress_majority", jurisdiction),
        majority_of_cast=rules.MAJORITY_OF_CAST,
        election_attendance=rule_for("voting.election_attendance", jurisdiction),
        election_majority=rule_for("voting.election_majority", jurisdiction),
    )


def _elect(jurisdiction: str, votes: int):
    question = Question(position=1, form=QuestionForm.CHOOSE, options=["甲", "乙"], seats=1)
    return evaluate(
        policy=Policy.PLURALITY,
        question=question,
        counts={"甲": votes, "乙": 35 - votes},
        turnout=Turnout(electorate_size=40, electorate_weight=40, attendance=40, cast_weight=40),
        thresholds=_thresholds(jurisdiction),
        election=True,
    )


def test_a_shanghai_representative_with_half_of_all_votes_is_elected_半数以上赞成票():
    outcome = _elect("shanghai", 20)
    assert outcome.elected == ["甲"]
    assert "《上海市职工代表大会条例》第十五条" in outcome.reason


def test_elsewhere_half_is_not_enough():
    assert _elect("national", 20).elected == []


def test_the_congress_label_says_半数以上_where_the_statute_does():
    shanghai = policy_label(Policy.CONGRESS, _thresholds("shanghai"))
    assert "全体应到人数半数以上同意" in shanghai and "《上海市职工代表大会条例》第三十一条" in shanghai
    national = policy_label(Policy.CONGRESS, _thresholds("national"))
    assert "全体应到人数过半数同意" in national
    assert Fraction(rule_for("voting.election_majority", "shanghai").value) == Fraction(1, 2)
