"""Reads of polls, scoped to the user; results only when the poll's status allows them.

Who sees what:
- poll_list / poll_get: holders of MANAGE_POLLS or VIEW_CONGRESS on the poll's node, and the poll's own
  electors and tellers (a representative opens the poll they vote in). Anyone else gets NotFound.
- turnout: counts only, fine while open (no choice is involved).
- poll_result: nobody while draft or open, superuser included (a live tally plus "X just voted" reveals X's
  vote). Once closed: tellers and MANAGE_POLLS holders. Once certified: also electors and VIEW_CONGRESS holders.
  Fewer ballots than min_group_size, or paper ballots not yet counted and confirmed: neither counts nor outcomes.
- Weighted polls show weighted totals only, never head counts per choice: heads and weights side by side would
  let a reader subtract one delegate's weight. A delegate whose weight is unique can still be identified when
  a whole choice's total equals that weight — a residual risk of weighted voting, as with paper.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import NotFound
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap, own_member, reach_q

from .models import (
    Elector,
    Origin,
    PaperCount,
    Poll,
    PollKind,
    PollStatus,
    Question,
    Receipt,
    Teller,
    VoterMark,
)
from .roles import PollCap
from .rules import decision_rules
from .services import receipt_digest
from .tally import Outcome, Thresholds, Turnout, add_paper, choice_keys, evaluate, policy_label

VIEW_CAPS = (PollCap.MANAGE_POLLS, PollCap.VIEW_POLLS)


def _visible_q(user) -> Q:
    query = Q(pk__in=[])
    for cap in VIEW_CAPS:
        query |= reach_q(user, cap)
    member = own_member(user)
    if member is not None:
        query |= Q(electors__member=member)
    if user.is_authenticated:
        query |= Q(tellers__user=user)
    return query


def poll_list(*, user, node: Org, status: str = "", search: str = "") -> QuerySet[Poll]:
    """Polls at or below `node` that the user may see, newest first."""
    if not any(has_cap(user, cap, node) for cap in VIEW_CAPS):
        return Poll.objects.none()
    polls = Poll.objects.filter(node__path__startswith=node.path).select_related("node")
    if status:
        polls = polls.filter(status=status)
    if search.strip():
        polls = polls.filter(title__contains=search.strip())
    return polls.order_by("-created_at", "-pk")


def poll_get(*, user, pk: int) -> Poll:
    if not user.is_authenticated:
        raise NotFound()
    poll = Poll.objects.filter(_visible_q(user), pk=pk).select_related("node").distinct().first()
    if poll is None:
        raise NotFound()
    return poll


def elector_polls(*, user) -> QuerySet[Poll]:
    """Open polls where the user is an elector, newest first, each with `voted`: the representative's "my
    ballots" list. Whether someone voted is theirs to see (it is what the VoterMark records); what they chose
    is on no row that names them."""
    if not user.is_authenticated:
        return Poll.objects.none()
    voted = VoterMark.objects.filter(poll=OuterRef("pk"), member__user=user)
    return (
        Poll.objects.filter(status=PollStatus.OPEN, electors__member__user=user)
        .annotate(voted=Exists(voted))
        .select_related("node")
        .order_by("-opened_at", "-pk")
    )


def votable_polls(*, user) -> QuerySet[Poll]:
    """Open polls where the user is an elector and has not voted yet (the voting page)."""
    return elector_polls(user=user).filter(voted=False)


def has_voted(*, user, poll: Poll) -> bool:
    member = own_member(user)
    return member is not None and VoterMark.objects.filter(poll=poll, member=member).exists()


def is_teller(*, user, poll: Poll) -> bool:
    return user.is_authenticated and Teller.objects.filter(poll=poll, user=user).exists()


def turnout(poll: Poll) -> dict:
    """Heads who voted (online and on paper) against the electorate; the weight who voted only once closed.

    While open, weighted turnout would step by one delegate's weight with each vote and name who just voted;
    heads step by one whoever votes."""
    electors = Elector.objects.filter(poll=poll)
    voted_members = VoterMark.objects.filter(poll=poll).values("member_id")
    weight_voted = None
    if poll.status not in (PollStatus.DRAFT, PollStatus.OPEN):
        weight_voted = electors.filter(member_id__in=voted_members).aggregate(w=Sum("weight"))["w"] or 0
    if poll.status == PollStatus.DRAFT:
        electorate, weight_total = electors.count(), electors.aggregate(w=Sum("weight"))["w"] or 0
    else:
        electorate, weight_total = poll.electorate_size, poll.electorate_weight
    return {
        "voted": VoterMark.objects.filter(poll=poll).count(),
        "electorate": electorate,
        "weight_voted": weight_voted,
        "weight_total": weight_total,
    }


def receipt_counted(*, poll: Poll, code: str) -> bool | None:
    """Was the ballot with this receipt counted? None while the poll is open: the receipts are inside the
    encrypted ballots until the seal. Receipts live apart from the ballots, so the answer says nothing else."""
    if poll.status in (PollStatus.DRAFT, PollStatus.OPEN):
        return None
    return Receipt.objects.filter(poll=poll, digest=receipt_digest(code)).exists()


def paper_pending(poll: Poll) -> int:
    """Paper ballots handed out but not yet in a confirmed box. While any are, no result is shown: the result
    before and after one more box is confirmed would tell that box's choices."""
    issued = VoterMark.objects.filter(poll=poll, origin=Origin.PAPER).count()
    confirmed = PaperCount.objects.filter(poll=poll, confirmed_by__isnull=False).aggregate(n=Sum("ballots"))[
        "n"
    ]
    return max(issued - (confirmed or 0), 0)


# --- Results ------------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    counts: dict[str, int] | None  # None when fewer ballots than the poll's minimum group size
    passed: bool | None
    elected: list[str]
    rates: dict[str, float]
    reason: str


@dataclass
class PollResult:
    poll: Poll
    ballots: int  # heads: web ballots plus paper ballots in confirmed boxes
    weight: int
    electorate_size: int
    electorate_weight: int
    attendance: int
    weighted: bool
    counts_shown: bool
    certified: bool
    paper_pending: int = 0  # paper ballots not yet counted and confirmed: no counts or outcomes until 0
    questions: list[QuestionResult] = field(default_factory=list)


def can_see_result(user, poll: Poll) -> bool:
    if poll.status in (PollStatus.DRAFT, PollStatus.OPEN) or not user.is_authenticated:
        return False
    if has_cap(user, PollCap.MANAGE_POLLS, poll.node) or is_teller(user=user, poll=poll):
        return True
    if poll.status != PollStatus.CERTIFIED:
        return False
    member = own_member(user)
    is_elector = member is not None and Elector.objects.filter(poll=poll, member=member).exists()
    return is_elector or has_cap(user, PollCap.VIEW_POLLS, poll.node)


def poll_result(*, user, poll: Poll) -> PollResult:
    """The outcome of each question. NotFound while open, for everyone."""
    poll = Poll.objects.select_related("node").get(pk=poll.pk)
    if not can_see_result(user, poll):
        raise NotFound()
    return poll_verdict(poll)


def poll_verdict(poll: Poll) -> PollResult:
    """The outcome of each question, unchecked: for an app that records a certified poll's result (the
    agreement's review), so that the app and the poll page read the same verdict."""
    boxes = PaperCount.objects.filter(poll=poll, confirmed_by__isnull=False).values_list("ballots", "counts")
    tally = add_paper(poll.tally, boxes)
    weighted = poll.electorate_weight != poll.electorate_size
    attendance = (
        poll.attendance_count
        if poll.attendance_count is not None
        else VoterMark.objects.filter(poll=poll).count()
    )
    pending = paper_pending(poll)
    shown = tally["ballots"] >= poll.min_group_size and not pending
    basis = Turnout(
        electorate_size=poll.electorate_size,
        electorate_weight=poll.electorate_weight,
        attendance=attendance,
        cast_weight=tally["weight"],
        weighted=weighted,
    )
    thresholds = thresholds_for(poll)
    result = PollResult(
        poll=poll,
        ballots=tally["ballots"],
        weight=tally["weight"],
        electorate_size=poll.electorate_size,
        electorate_weight=poll.electorate_weight,
        attendance=attendance,
        weighted=weighted,
        counts_shown=shown,
        certified=poll.status == PollStatus.CERTIFIED,
        paper_pending=pending,
    )
    for question in poll.questions.all():
        counts = tally["questions"][str(question.position)]
        outcome = evaluate(
            policy=poll.policy,
            question=question,
            counts=counts,
            turnout=basis,
            thresholds=thresholds,
            election=poll.kind == PollKind.ELECTION,
            min_share=Fraction(poll.min_share) if poll.min_share is not None else None,
        )
        result.questions.append(
            _question_result(question, counts, outcome, shown, poll.min_group_size, pending)
        )
    return result


def _question_result(
    question: Question, counts: dict, outcome: Outcome, shown: bool, min_group_size: int, pending: int = 0
) -> QuestionResult:
    if shown:
        return QuestionResult(
            question=question,
            counts={key: counts[key] for key in choice_keys(question)},
            passed=outcome.passed,
            elected=outcome.elected,
            rates=outcome.rates,
            reason=outcome.reason,
        )
    # Below the minimum group size neither counts nor the outcome: "passed" from a group of two who both voted
    # yes tells each how the other voted. Nor anything while paper ballots are still out of a confirmed box.
    if pending:
        reason = _("还有 %(n)s 张纸质选票未计票核对，全部核对后公布结果") % {"n": pending}
    else:
        reason = _("投票人数少于 %(k)s 人，不公布票数和结果") % {"k": min_group_size}
    return QuestionResult(question=question, counts=None, passed=None, elected=[], rates={}, reason=reason)


def thresholds_for(poll: Poll) -> Thresholds:
    """The rule versions for the poll's node, in force on the day it opened (in local time: before 08:00 in China
    the UTC date is still the day before)."""
    on = timezone.localdate(poll.opened_at or poll.created_at)
    attendance, majority = decision_rules(poll)
    return Thresholds(
        congress_attendance=org_rule(poll.node, attendance, on),
        congress_majority=org_rule(poll.node, majority, on),
        majority_of_cast=org_rule(poll.node, "voting.majority_of_cast", on),
        election_attendance=org_rule(poll.node, "voting.election_attendance", on),
        election_majority=org_rule(poll.node, "voting.election_majority", on),
    )


def poll_policy_label(poll: Poll) -> str:
    """How the poll passes, worded from the rules that judge it (半数以上 or 过半数) with their citation."""
    return policy_label(poll.policy, thresholds_for(poll), election=poll.kind == PollKind.ELECTION)
