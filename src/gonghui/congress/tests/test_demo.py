import io

import pytest
from django.core.management import call_command

from gonghui.congress import selectors
from gonghui.congress.models import Evaluation, SessionStatus, Term, TermKind, VotingCode
from gonghui.orgs.models import Member
from gonghui.voting.models import Poll, PollStatus, VoterMark

pytestmark = pytest.mark.django_db


def test_demo_tells_the_congress_story(django_user_model):
    call_command("demo", stdout=io.StringIO())
    showcase = Term.objects.get(kind=TermKind.WORKERS)
    daibiao = Member.objects.get(user__username="daibiao")
    assert showcase.representatives.filter(member=daibiao, status="active").exists()
    assert showcase.representatives.count() >= showcase.seats_planned - 1
    closed = showcase.sessions.get(status=SessionStatus.CLOSED)
    voted = closed.agenda.exclude(poll=None).get()
    assert voted.poll.status == PollStatus.CERTIFIED
    evaluation = Evaluation.objects.get(session=closed)
    assert evaluation.poll.status == PollStatus.CERTIFIED
    zhuxi = django_user_model.objects.get(username="zhuxi")
    rows = selectors.evaluation_results(user=zhuxi, evaluation=evaluation)
    assert len(rows) == 3 and all(row.rates for row in rows)
    upcoming = showcase.sessions.get(status=SessionStatus.PLANNED)
    assert (
        VotingCode.objects.filter(session=upcoming, revoked=False).count() == showcase.representatives.count()
    )
    assert selectors.session_overdue(showcase) is None
    waiting = Poll.objects.get(status=PollStatus.OPEN, electors__member=daibiao)
    marks = VoterMark.objects.filter(poll=waiting)
    assert 0 < marks.count() < waiting.electors.count()
    assert not marks.filter(member=daibiao).exists()
    assert Term.objects.filter(kind=TermKind.TEACHERS).exists()
