"""Proposal test data: a congress term whose representatives have accounts (for the proposal tests, the matrix and
the browser), and a proposal submitted through the service."""

from datetime import date
from types import SimpleNamespace

from gonghui.congress.models import Representative, SessionStatus, Term
from gonghui.congress.tests.factories import RepresentativeFactory, SessionFactory, TermFactory
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import MemberFactory, UserFactory

from ..models import Category
from ..services import proposal_submit


def representative(term: Term, *, user=None, name: str | None = None) -> Representative:
    """A representative with an account; `user` gets a new member record unless they already have one."""
    member = getattr(user, "member", None) if user is not None else None
    if member is None:
        user = user or UserFactory()
        member = MemberFactory(union=term.node, user=user, **({"name": name} if name else {}))
    return RepresentativeFactory(term=term, member=member)


def congress(union: Org, *, proposer_user=None, prefix: str = "", current: bool = True) -> SimpleNamespace:
    """Term 9 of the union's congress, its first session, a proposer, three other representatives and a
    handler (a member with an account who is not a representative). `current=False` puts the term in the
    past, so its representatives are nobody's current representatives (other apps grant those rights)."""
    years = (2025, 2029) if current else (2019, 2023)
    term = TermFactory(
        node=union,
        number=9,
        starts_on=date(years[0], 1, 1),
        ends_on=date(years[1], 12, 31),
        worker_count=300,
        seats_planned=40,
    )
    session = SessionFactory(
        term=term, title="九届一次职代会", held_on=date(years[1] - 3, 3, 20), status=SessionStatus.CLOSED
    )
    c = SimpleNamespace(term=term, session=session)
    c.proposer = representative(term, user=proposer_user)
    c.reps = [representative(term, user=UserFactory(username=f"{prefix}rep{i}")) for i in (1, 2, 3)]
    c.handler = UserFactory(username=f"{prefix}handler")
    MemberFactory(union=union, user=c.handler)
    return c


def submitted(c: SimpleNamespace, title: str = "改善食堂伙食", category: str = Category.LIVING):
    return proposal_submit(
        actor=c.proposer.member.user,
        session=c.session,
        title=title,
        category=category,
        body="午餐品种少，建议增加窗口。",
        cosigners=c.reps[:2],
    )
