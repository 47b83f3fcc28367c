"""A congress for tests: a term of union A (or B) with representatives and a planned session."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from gonghui.orgs.tests.factories import MemberFactory

from ..models import Representative, Session, Term


def build_congress(union, *, representatives: int = 6, women: int = 2, **term_fields) -> SimpleNamespace:
    today = timezone.localdate()
    term = Term.objects.create(
        node=union,
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=3 * 365),
        workforce=term_fields.pop("workforce", 60),
        women_workforce=term_fields.pop("women_workforce", 20),
        seats_planned=representatives,
        **term_fields,
    )
    reps = [
        Representative.objects.create(
            term=term,
            member=MemberFactory(union=union, sex="F" if i < women else "M"),
            constituency=f"第{i % 2 + 1}代表团",
            elected_on=term.starts_on,
            is_frontline=i % 2 == 0,
        )
        for i in range(representatives)
    ]
    session = Session.objects.create(term=term, number=1, title="一届一次职代会", held_on=today)
    return SimpleNamespace(term=term, reps=reps, session=session)
