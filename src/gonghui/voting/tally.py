"""Counting ballots and applying pass policies: pure functions over plain data, no database.

A ballot's choices are stored canonically as {"<position>": choice}: "yes"/"no"/"abstain" for yes_no
questions, a list of candidate names in the question's option order for choose questions (empty = abstain),
a scale label for rating questions. Counts are weighted: a delegate's ballot counts for the members they
represent (Ballot.weight); a paper ballot always counts 1.

Counts per question have the shape {choice: weighted votes}, with every choice present (zeros included), so two
tallies compare equal whatever order the ballots came in.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.rules import AT_LEAST, MORE_THAN, Rule

from .models import Policy, QuestionForm

YES, NO, ABSTAIN = "yes", "no", "abstain"
YES_NO_CHOICES = [YES, NO, ABSTAIN]


def choice_keys(question) -> list[str]:
    """The keys a question's counts carry, in display order."""
    return list(YES_NO_CHOICES) if question.form == QuestionForm.YES_NO else list(question.options)


# --- Validating one voter's choices ----------------------------------------------------------------------


def canonical_choices(questions: Iterable, choices: Mapping) -> dict[str, Any]:
    """Check `choices` ({position: choice}) against the questions; every question must be answered.

    Returns the canonical form stored on the Ballot. Raises DomainError with a message naming the question.
    """
    questions = list(questions)
    given = {str(position): choice for position, choice in choices.items()}
    known = {str(q.position) for q in questions}
    if set(given) - known:
        raise DomainError(_("选票中有本次表决没有的事项，请刷新页面后重新投票。"), code="unknown_question")
    canonical = {}
    for question in questions:
        key = str(question.position)
        if key not in given:
            raise DomainError(_("第 %(n)s 项还没有选择，请作出选择后再提交。") % {"n": question.position})
        canonical[key] = _canonical_choice(question, given[key])
    return canonical


def _canonical_choice(question, choice) -> str | list[str]:
    invalid = DomainError(
        _("第 %(n)s 项的选择无效，请重新选择。") % {"n": question.position}, code="invalid_choice"
    )
    if question.form == QuestionForm.CHOOSE:
        if not isinstance(choice, (list, tuple)) or not all(isinstance(name, str) for name in choice):
            raise invalid
        if len(set(choice)) != len(choice) or not set(choice) <= set(question.options):
            raise invalid
        if len(choice) > question.seats:
            raise DomainError(
                _("第 %(n)s 项最多选 %(seats)s 人，您选了 %(chosen)s 人。")
                % {"n": question.position, "seats": question.seats, "chosen": len(choice)},
                code="too_many",
            )
        return [name for name in question.options if name in choice]
    if not isinstance(choice, str) or choice not in choice_keys(question):
        raise invalid
    return choice


# --- Counting ----------------------------------------------------------------------------------------


def empty_counts(questions: Iterable) -> dict[str, dict[str, int]]:
    return {str(q.position): dict.fromkeys(choice_keys(q), 0) for q in questions}


def count_ballots(questions: Iterable, ballots: Iterable[tuple[Mapping, int]]) -> dict:
    """Tally (choices, weight) pairs: {"ballots": heads, "weight": total weight, "questions": {pos: counts}}."""
    questions = list(questions)
    counts = empty_counts(questions)
    heads = weight_total = 0
    for choices, weight in ballots:
        heads += 1
        weight_total += weight
        for position, choice in choices.items():
            for key in choice if isinstance(choice, list) else [choice]:
                counts[position][key] += weight
    return {"ballots": heads, "weight": weight_total, "questions": counts}


def add_paper(tally: Mapping, boxes: Iterable[tuple[int, Mapping]]) -> dict:
    """Web tally plus confirmed paper boxes ((ballots, {pos: {choice: count}}) pairs); each paper ballot weighs 1.

    A paper ballot left blank or spoiled (废票) counts as cast but for no choice, so the box's ballots may exceed
    a question's counts.
    """
    merged = {
        "ballots": tally["ballots"],
        "weight": tally["weight"],
        "questions": {pos: dict(counts) for pos, counts in tally["questions"].items()},
    }
    for ballots, counts in boxes:
        merged["ballots"] += ballots
        merged["weight"] += ballots
        for position, choice_counts in counts.items():
            for key, n in choice_counts.items():
                merged["questions"][position][key] += n
    return merged


def fingerprint(poll_id: int, ballots: Iterable[tuple[Mapping, int]]) -> str:
    """SHA-256 over the sorted canonical ballot list: any teller can recompute it from the sealed ballots, and
    changing, adding or removing any ballot changes it. Sorting makes it independent of row order."""
    lines = sorted(
        json.dumps([poll_id, choices, weight], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        for choices, weight in ballots
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


# --- Pass policies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """The rule versions that apply to one poll (resolved for its node's jurisdiction by the selector)."""

    congress_attendance: Rule
    congress_majority: Rule
    majority_of_cast: Rule
    election_attendance: Rule
    election_majority: Rule


@dataclass(frozen=True)
class Turnout:
    """Denominators of a question's outcome. `attendance` is people present (heads); the rest are weights."""

    electorate_size: int
    electorate_weight: int
    attendance: int
    cast_weight: int
    weighted: bool = False


@dataclass
class Outcome:
    passed: bool | None = None  # yes_no questions
    elected: list[str] = field(default_factory=list)  # choose questions
    rates: dict[str, float] = field(
        default_factory=dict
    )  # rating questions: label → % (cumulative after the first)
    reason: str = ""


def meets(amount: int, total: int, rule: Rule) -> bool:
    """amount ≥ share × total ("以上") or amount > share × total ("过半数"/"超过"), exactly, in fractions."""
    threshold = Fraction(rule.value) * total
    return amount >= threshold if rule.bound == AT_LEAST else amount > threshold


_SHARE_WORDS = {Fraction(1, 2): "半数", Fraction(2, 3): "三分之二"}


def _share(rule: Rule) -> str:
    value = Fraction(rule.value)
    return _SHARE_WORDS.get(value, f"{float(value) * 100:g}%")


def bound_phrase(rule: Rule) -> str:
    """The threshold as statutes word it: "半数以上" (≥ ½), "过半数" (> ½), "三分之二以上" (≥ ⅔)."""
    share = _share(rule)
    if rule.bound == AT_LEAST:
        return _("%(share)s以上") % {"share": share}
    if rule.bound == MORE_THAN:
        return _("过半数") if share == "半数" else _("超过%(share)s") % {"share": share}
    return _("%(share)s以下") % {"share": share}


def policy_label(policy: str, thresholds: Thresholds, *, election: bool = False) -> str:
    """The pass rule of a poll from the rule versions that judge it, with their sources."""
    if policy == Policy.CONGRESS or (policy == Policy.PLURALITY and election):
        if policy == Policy.CONGRESS:
            attendance, majority = thresholds.congress_attendance, thresholds.congress_majority
            text = _("到会须达应到人数的%(a)s，全体应到人数%(m)s同意")
        else:
            attendance, majority = thresholds.election_attendance, thresholds.election_majority
            text = _("到会须达应到人数的%(a)s，候选人获得全体应到人数%(m)s赞成票当选")
        cites = list(dict.fromkeys(c for c in (attendance.cite, majority.cite) if c))
        label = text % {"a": bound_phrase(attendance), "m": bound_phrase(majority)}
        return _("%(label)s（%(cite)s）") % {"label": label, "cite": "；".join(cites)} if cites else label
    if policy == Policy.MAJORITY_OF_CAST:
        rule = thresholds.majority_of_cast
        return _("投票人数%(m)s同意（%(cite)s）") % {"m": bound_phrase(rule), "cite": rule.cite}
    return str(Policy(policy).label)


def _bound_word(rule: Rule, ok: bool) -> str:
    if rule.bound == AT_LEAST:
        return _("达到") if ok else _("未达到")
    return _("超过") if ok else _("未超过")


def _electorate_phrase(turnout: Turnout) -> str:
    if turnout.weighted:
        return _("应到权数 %(w)s 票") % {"w": turnout.electorate_weight}
    return _("应到 %(n)s 人") % {"n": turnout.electorate_size}


def _quorum(turnout: Turnout, rule: Rule) -> tuple[bool, str]:
    ok = meets(turnout.attendance, turnout.electorate_size, rule)
    reason = _("到会 %(a)s 人，%(bound)s应到 %(n)s 人的%(share)s") % {
        "a": turnout.attendance,
        "bound": _bound_word(rule, ok),
        "n": turnout.electorate_size,
        "share": _share(rule),
    }
    return ok, reason


def evaluate(
    *,
    policy: str,
    question,
    counts: Mapping[str, int],
    turnout: Turnout,
    thresholds: Thresholds,
    election: bool = False,
    min_share: Fraction | None = None,
) -> Outcome:
    """Apply the poll's policy to one question's counts. `election`: a union election (Poll.kind ELECTION),
    where a plurality question also needs the quorum and more than half of the electorate."""
    if policy == Policy.CONGRESS:
        return _congress(counts, turnout, thresholds)
    if policy == Policy.MAJORITY_OF_CAST:
        return _majority_of_cast(counts, turnout, thresholds.majority_of_cast)
    if policy == Policy.PLURALITY:
        return _plurality(question, counts, turnout, thresholds, election, min_share)
    return _rating(question, counts)


def _cited(reason: str, rule: Rule) -> str:
    """The reason with the source of the rule that decided it: "…，通过（《集体合同规定》第三十六条）"."""
    return _("%(reason)s（%(cite)s）") % {"reason": reason, "cite": rule.cite} if rule.cite else reason


def _congress(counts: Mapping[str, int], turnout: Turnout, thresholds: Thresholds) -> Outcome:
    quorate, quorum_reason = _quorum(turnout, thresholds.congress_attendance)
    if not quorate:
        reason = _("%(q)s，表决无效") % {"q": quorum_reason}
        return Outcome(passed=False, reason=_cited(reason, thresholds.congress_attendance))
    rule = thresholds.congress_majority
    passed = meets(counts[YES], turnout.electorate_weight, rule)
    reason = _("%(q)s；赞成 %(yes)s 票，%(bound)s%(all)s的%(share)s，%(result)s") % {
        "q": quorum_reason,
        "yes": counts[YES],
        "bound": _bound_word(rule, passed),
        "all": _electorate_phrase(turnout),
        "share": _share(rule),
        "result": _("通过") if passed else _("未通过"),
    }
    return Outcome(passed=passed, reason=_cited(reason, rule))


def _majority_of_cast(counts: Mapping[str, int], turnout: Turnout, rule: Rule) -> Outcome:
    if turnout.cast_weight == 0:
        return Outcome(passed=False, reason=_("无人投票，未通过"))
    passed = meets(counts[YES], turnout.cast_weight, rule)
    reason = _("赞成 %(yes)s 票，%(bound)s所投 %(cast)s 票的%(share)s，%(result)s") % {
        "yes": counts[YES],
        "bound": _bound_word(rule, passed),
        "cast": turnout.cast_weight,
        "share": _share(rule),
        "result": _("通过") if passed else _("未通过"),
    }
    return Outcome(passed=passed, reason=reason)


def _plurality(
    question,
    counts: Mapping[str, int],
    turnout: Turnout,
    thresholds: Thresholds,
    election: bool,
    min_share: Fraction | None,
) -> Outcome:
    """Top `seats` candidates by votes, each above the minimum; a tie at the last seat elects none of the tied
    (they go to another round, which is a new poll)."""
    parts = []
    if election:
        quorate, quorum_reason = _quorum(turnout, thresholds.election_attendance)
        parts.append(quorum_reason)
        if not quorate:
            reason = _("%(q)s，选举无效") % {"q": quorum_reason}
            return Outcome(reason=_cited(reason, thresholds.election_attendance))
        rule, total = thresholds.election_majority, turnout.electorate_weight
        total_phrase = _electorate_phrase(turnout)
    else:
        # The poll's own minimum share of the ballots cast, set by whoever wrote the 选举办法.
        rule = Rule(id="voting.min_share", value=Fraction(min_share or 0), bound=MORE_THAN, title="", cite="")
        total, total_phrase = turnout.cast_weight, _("所投 %(n)s 票") % {"n": turnout.cast_weight}
    order = {name: i for i, name in enumerate(question.options)}
    ranked = sorted(question.options, key=lambda name: (-counts[name], order[name]))
    qualified = [name for name in ranked if counts[name] > 0 and meets(counts[name], total, rule)]
    elected, tied = qualified[: question.seats], []
    if len(qualified) > question.seats:
        last = counts[qualified[question.seats - 1]]
        if counts[qualified[question.seats]] == last:
            tied = [name for name in qualified if counts[name] == last]
            elected = [name for name in elected if counts[name] > last]
    if elected:
        parts.append(
            _("当选：%(names)s")
            % {"names": "、".join(_("%(name)s（%(n)s 票）") % {"name": n, "n": counts[n]} for n in elected)}
        )
    if tied:
        parts.append(
            _("%(names)s票数相同（各 %(n)s 票），未当选") % {"names": "、".join(tied), "n": counts[tied[0]]}
        )
    short = [name for name in ranked if name not in qualified]
    if short and len(elected) < question.seats:
        parts.append(
            _("%(names)s得票%(bound)s%(total)s的%(share)s")
            % {
                "names": "、".join(short),
                "bound": _bound_word(rule, False),
                "total": total_phrase,
                "share": _share(rule),
            }
        )
    if len(elected) < question.seats:
        parts.append(_("应选 %(seats)s 名，当选 %(n)s 名") % {"seats": question.seats, "n": len(elected)})
    reason = "；".join(parts)
    return Outcome(elected=elected, reason=_cited(reason, rule) if election else reason)


def _rating(question, counts: Mapping[str, int]) -> Outcome:
    """Share of each grade, cumulative after the first: 优秀率, 称职及以上率, 基本称职及以上率."""
    labels = list(question.options)
    total = sum(counts[label] for label in labels)
    if total == 0:
        return Outcome(reason=_("没有有效评议票"))
    rates, running = {}, 0
    for i, label in enumerate(labels[:-1]):
        running += counts[label]
        name = _("%(label)s率") % {"label": label} if i == 0 else _("%(label)s及以上率") % {"label": label}
        rates[name] = round(100 * running / total, 1)
    reason = "；".join(f"{name} {rate:.1f}%" for name, rate in rates.items())
    return Outcome(rates=rates, reason=reason)
