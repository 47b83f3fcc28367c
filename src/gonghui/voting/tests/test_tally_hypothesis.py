"""Tally correctness against a Counter oracle (docs/reliability.md V6): random questions, electorates with weights,
choices in any order, and paper boxes added on top."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.voting.models import Question, QuestionForm
from gonghui.voting.tally import YES_NO_CHOICES, add_paper, canonical_choices, count_ballots, fingerprint


@st.composite
def questions(draw):
    result = []
    for position in range(1, draw(st.integers(1, 4)) + 1):
        form = draw(st.sampled_from(QuestionForm.values))
        if form == QuestionForm.YES_NO:
            options, seats = list(YES_NO_CHOICES), 1
        else:
            options = [
                f"{'候选' if form == QuestionForm.CHOOSE else '等次'}{i}"
                for i in range(draw(st.integers(2, 20)))
            ]
            seats = draw(st.integers(1, len(options))) if form == QuestionForm.CHOOSE else 1
        result.append(Question(position=position, form=form, options=options, seats=seats))
    return result


def raw_choice(draw, question):
    """What a voter submits: candidates in any order (choose), or one key."""
    if question.form == QuestionForm.CHOOSE:
        picked = draw(st.lists(st.sampled_from(question.options), unique=True, max_size=question.seats))
        return draw(st.permutations(picked))
    return draw(st.sampled_from(question.options))


@st.composite
def elections(draw):
    qs = draw(questions())
    # Up to 800 voters: a few distinct ballots, each cast by up to 40 voters, keeps examples small.
    distinct = [
        ({q.position: raw_choice(draw, q) for q in qs}, draw(st.integers(1, 5)), draw(st.integers(1, 40)))
        for _ in range(draw(st.integers(0, 20)))
    ]
    ballots = [(choices, weight) for choices, weight, voters in distinct for _ in range(voters)]
    boxes = []
    for _ in range(draw(st.integers(0, 3))):
        size = draw(st.integers(1, 30))
        counts = {}
        for q in qs:
            marks = size * (q.seats if q.form == QuestionForm.CHOOSE else 1)
            values = draw(st.lists(st.integers(0, size), min_size=len(q.options), max_size=len(q.options)))
            while sum(values) > marks:
                values[values.index(max(values))] -= 1
            counts[str(q.position)] = dict(zip(q.options, values, strict=True))
        boxes.append((size, counts))
    return qs, ballots, boxes


@settings(max_examples=200, deadline=None)
@given(elections())
def test_tally_equals_a_counter_over_the_ballots(election):
    qs, ballots, boxes = election
    canonical = [(canonical_choices(qs, choices), weight) for choices, weight in ballots]

    tally = add_paper(count_ballots(qs, canonical), boxes)

    oracle = Counter()
    for choices, weight in ballots:
        for position, choice in choices.items():
            for key in choice if isinstance(choice, (list, tuple)) else [choice]:
                oracle[(str(position), key)] += weight
    for _, counts in boxes:
        for position, per_choice in counts.items():
            for key, n in per_choice.items():
                oracle[(position, key)] += n
    flat = Counter(
        {(pos, key): n for pos, counts in tally["questions"].items() for key, n in counts.items() if n}
    )
    assert flat == +oracle
    assert tally["ballots"] == len(ballots) + sum(size for size, _ in boxes)
    assert tally["weight"] == sum(w for _, w in ballots) + sum(size for size, _ in boxes)
    assert all(set(tally["questions"][str(q.position)]) == set(q.options) for q in qs)


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_fingerprint_ignores_order_and_notices_any_change(election, rnd):
    qs, ballots, _ = election
    canonical = [(canonical_choices(qs, choices), weight) for choices, weight in ballots]
    shuffled = list(canonical)
    rnd.shuffle(shuffled)

    assert fingerprint(7, shuffled) == fingerprint(7, canonical)
    if canonical:
        changed = [*canonical[:-1], (canonical[-1][0], canonical[-1][1] + 1)]
        assert fingerprint(7, changed) != fingerprint(7, canonical)
        assert fingerprint(7, canonical[:-1]) != fingerprint(7, canonical)
        assert fingerprint(8, canonical) != fingerprint(7, canonical)


@settings(max_examples=200, deadline=None)
@given(questions(), st.data())
def test_a_choice_outside_the_question_is_refused(qs, data):
    question = data.draw(st.sampled_from(qs))
    choices = {q.position: raw_choice(data.draw, q) for q in qs}
    bad = data.draw(
        st.one_of(
            st.text(max_size=5).filter(lambda s: s not in question.options),
            st.integers(),
            st.none(),
            st.lists(st.text(max_size=3), min_size=1).filter(
                lambda names: not set(names) <= set(question.options)
            ),
        )
    )
    choices[question.position] = bad

    with pytest.raises(DomainError):
        canonical_choices(qs, choices)
