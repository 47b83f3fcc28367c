"""Reads of proposals, scoped to who may see them (out of scope → NotFound):

- the proposer follows their own; representatives of a term see their term's proposals (to co-sign them);
- a handler sees the proposals assigned to them, and nothing else;
- VIEW_CONGRESS / MANAGE_CONGRESS (union staff, federation cadres above) read every proposal in their reach.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import Representative, RepresentativeStatus, Session
from gonghui.congress.roles import CongressCap
from gonghui.core.errors import NotFound
from gonghui.orgs.models import Member, MemberStatus, Org, RoleAssignment
from gonghui.orgs.selectors import has_cap, reach_q

from .models import Category, Proposal, ProposalStatus, Rating


def _reader_q(user, field: str) -> Q:
    """Rows whose `field` lies where the user reads every proposal (VIEW_CONGRESS or MANAGE_CONGRESS)."""
    return reach_q(user, CongressCap.VIEW_CONGRESS, field) | reach_q(user, CongressCap.MANAGE_CONGRESS, field)


def own_representatives(user) -> QuerySet[Representative]:
    """The user's active representative seats (one per term they sit in)."""
    if not user.is_authenticated:
        return Representative.objects.none()
    return Representative.objects.filter(member__user=user, status=RepresentativeStatus.ACTIVE)


def _visible_q(user) -> Q:
    terms = own_representatives(user).values("term")
    return (
        Q(handler=user)
        | Q(proposer__member__user=user)
        | Q(session__term__in=terms)
        | _reader_q(user, "session__term__node__path")
    )


def proposal_list(
    *,
    user,
    session: Session | None = None,
    status: str = "",
    category: str = "",
    search: str = "",
    overdue: bool = False,
) -> QuerySet[Proposal]:
    if not user.is_authenticated:
        return Proposal.objects.none()
    proposals = Proposal.objects.filter(_visible_q(user)).select_related(
        "session", "session__term", "proposer__member", "handler"
    )
    if session is not None:
        proposals = proposals.filter(session=session)
    if status:
        proposals = proposals.filter(status=status)
    if category:
        proposals = proposals.filter(category=category)
    if overdue:
        proposals = proposals.filter(status=ProposalStatus.ASSIGNED, deadline__lt=timezone.localdate())
    search = search.strip()
    if search:
        proposals = proposals.filter(
            Q(title__contains=search)
            | Q(proposer__member__name__contains=search)
            | Q(department__contains=search)
        )
    return proposals.order_by("-session__held_on", "session_id", "-number")


def proposal_sessions(*, user) -> QuerySet[Session]:
    """Sessions that have proposals the user can see: the list's session filter."""
    visible = proposal_list(user=user).values("session")
    return Session.objects.filter(pk__in=visible).order_by("-held_on")


def proposal_get(*, user, pk: int) -> Proposal:
    proposal = proposal_list(user=user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound()
    return proposal


def node_of(proposal: Proposal) -> Org:
    return proposal.session.term.node


def representative_in(user, session: Session) -> Representative | None:
    """The user's active seat in the term the session belongs to."""
    return own_representatives(user).filter(term_id=session.term_id).select_related("member").first()


def submittable_sessions(user) -> QuerySet[Session]:
    """Sessions of the terms the user sits in as an active representative: where they may submit."""
    terms = own_representatives(user).values("term")
    return Session.objects.filter(term__in=terms).select_related("term", "term__node").order_by("-held_on")


def cosigner_choices(session: Session, *, exclude: Representative | None = None) -> QuerySet[Representative]:
    """Active representatives of the session's term who may co-sign (附议)."""
    reps = Representative.objects.filter(term_id=session.term_id, status=RepresentativeStatus.ACTIVE)
    if exclude is not None:
        reps = reps.exclude(pk=exclude.pk)
    return reps.select_related("member").order_by("constituency", "member__name_key")


def handler_choices(node: Org) -> QuerySet:
    """Who may be given a proposal to answer: people of the union with an account (a department head is a
    member, the 行政方 a role holder on the union)."""
    members = Member.objects.filter(
        union__path__startswith=node.path, status=MemberStatus.ACTIVE, user__isnull=False
    ).values("user")
    roles = RoleAssignment.objects.filter(node__path__startswith=node.path).values("user")
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(pk__in=members) | Q(pk__in=roles)).order_by("username")


def session_get(*, user, pk: int) -> Session:
    """A session whose proposal statistics the user may read (VIEW_CONGRESS there)."""
    session = Session.objects.select_related("term", "term__node").filter(pk=pk).first()
    if session is None or not can_read_all(user, session.term.node):
        raise NotFound()
    return session


def stat_sessions(*, user) -> QuerySet[Session]:
    return (
        Session.objects.filter(_reader_q(user, "term__node__path"))
        .select_related("term", "term__node")
        .order_by("-held_on")
    )


def can_read_all(user, node: Org) -> bool:
    return has_cap(user, CongressCap.VIEW_CONGRESS, node) or has_cap(user, CongressCap.MANAGE_CONGRESS, node)


def actions(user, proposal: Proposal) -> dict[str, bool]:
    """Which steps the user could take now; the services check again."""
    status = proposal.status
    committee = has_cap(user, CongressCap.MANAGE_CONGRESS, node_of(proposal))
    seat = representative_in(user, proposal.session)
    is_proposer = proposal.proposer.member.user_id == user.pk
    return {
        "cosign": status == ProposalStatus.SUBMITTED
        and seat is not None
        and seat.pk != proposal.proposer_id
        and not proposal.cosigners.filter(representative=seat).exists(),
        "decide": committee and status == ProposalStatus.SUBMITTED,
        "assign": committee and status == ProposalStatus.ACCEPTED,
        "answer": status == ProposalStatus.ASSIGNED and proposal.handler_id == user.pk,
        "rate": status == ProposalStatus.ANSWERED and is_proposer,
    }


# --- Statistics ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A named formula: its label, how it is computed, and its value (None when the denominator is 0)."""

    label: str
    formula: str
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{float(value) * 100:.1f}%"


ACCEPTED_STATES = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.ASSIGNED,
    ProposalStatus.ANSWERED,
    ProposalStatus.CLOSED,
)


def _counts() -> dict[str, Count]:
    today = timezone.localdate()
    return {
        "submitted": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=ACCEPTED_STATES)),
        "converted": Count("pk", filter=Q(status=ProposalStatus.CONVERTED)),
        "pending": Count("pk", filter=Q(status=ProposalStatus.SUBMITTED)),
        "answered": Count("pk", filter=Q(answered_on_time__isnull=False)),
        "on_time": Count("pk", filter=Q(answered_on_time=True)),
        "overdue": Count("pk", filter=Q(status=ProposalStatus.ASSIGNED, deadline__lt=today)),
        "rated": Count("pk", filter=~Q(rating="")),
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "basically": Count("pk", filter=Q(rating=Rating.BASICALLY)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
        "closed": Count("pk", filter=Q(status=ProposalStatus.CLOSED)),
    }


def _rates(c: dict[str, int]) -> list[Rate]:
    return [
        Rate(_("立案率"), _("立案数 ÷ 提交数"), c["accepted"], c["submitted"]),
        Rate(_("转意见建议率"), _("转为意见建议数 ÷ 提交数"), c["converted"], c["submitted"]),
        Rate(_("按期答复率"), _("首次答复在期限内的提案数 ÷ 已答复提案数"), c["on_time"], c["answered"]),
        Rate(_("满意率"), _("评价为满意的提案数 ÷ 已评价提案数"), c["satisfied"], c["rated"]),
        Rate(
            _("满意和基本满意率"),
            _("（满意 + 基本满意）÷ 已评价提案数"),
            c["satisfied"] + c["basically"],
            c["rated"],
        ),
        Rate(_("不满意率"), _("最终评价为不满意的提案数 ÷ 已评价提案数"), c["unsatisfied"], c["rated"]),
    ]


def proposal_stats(*, session: Session) -> dict:
    """Counts and rates of one session's proposals, overall and by category. Take `session` from session_get,
    which lets through only users who may read every proposal of it."""
    aggregates = _counts()
    rows = Proposal.objects.filter(session=session).values("category").annotate(**aggregates).order_by()
    per_category = {row.pop("category"): row for row in rows}  # one query, one row per category used
    counts = {key: sum(row[key] for row in per_category.values()) for key in aggregates}
    zero = dict.fromkeys(aggregates, 0)
    by_category = [
        {"category": value, "label": label, **per_category.get(value, zero)}
        for value, label in Category.choices
    ]
    return {"counts": counts, "rates": _rates(counts), "by_category": by_category}
