"""Congress test data: factory-boy factories for terms, sessions and representatives, and `build_congress`, a
current term of a union with its representatives and a planned session."""

from datetime import date, timedelta
from types import SimpleNamespace

import factory
from django.utils import timezone

from gonghui.orgs.tests.factories import MemberFactory

from ..models import Representative, Session, Term


class TermFactory(factory.django.DjangoModelFactory):
    """A term of a union's congress (pass `node`)."""

    class Meta:
        model = Term

    number = 1
    starts_on = date(2025, 1, 1)
    ends_on = date(2029, 12, 31)
    worker_count = 60
    seats_planned = 6


class SessionFactory(factory.django.DjangoModelFactory):
    """A session of a term (pass `term`), planned for the term's first day unless dated."""

    class Meta:
        model = Session

    number = 1
    title = "一届一次职代会"
    held_on = factory.LazyAttribute(lambda s: s.term.starts_on)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    """A representative of a term (pass `term`), elected on its first day; a new member of its union unless
    `member` is given."""

    class Meta:
        model = Representative

    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..term.node"))
    constituency = "一车间"
    elected_on = factory.LazyAttribute(lambda r: r.term.starts_on)


def build_congress(union, *, representatives: int = 6, women: int = 2, **term_fields) -> SimpleNamespace:
    """A term of the union's congress in office today, its representatives (the first `women` of them women,
    every other one a frontline worker, in two delegations) and its first session, planned for today."""
    today = timezone.localdate()
    term = TermFactory(
        node=union,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=3 * 365),
        seats_planned=representatives,
        **{"worker_count": 60, "women_worker_count": 20, **term_fields},
    )
    reps = [
        RepresentativeFactory(
            term=term,
            member__sex="F" if i < women else "M",
            constituency=f"第{i % 2 + 1}代表团",
            is_frontline=i % 2 == 0,
        )
        for i in range(representatives)
    ]
    session = SessionFactory(term=term, held_on=today)
    return SimpleNamespace(term=term, reps=reps, session=session)
