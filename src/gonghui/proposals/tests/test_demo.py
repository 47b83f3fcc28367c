import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.proposals.models import Proposal, ProposalStatus, Rating, StepKind

pytestmark = pytest.mark.django_db


def test_demo_shows_proposals_in_every_state():
    call_command("demo", stdout=io.StringIO())
    proposals = Proposal.objects.all()
    assert set(proposals.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(proposals.exclude(rating="").values_list("rating", flat=True)) == set(Rating.values)
    overdue = [p for p in proposals if p.is_overdue(timezone.localdate())]
    assert len(overdue) == 1
    returned = proposals.get(status=ProposalStatus.CLOSED, rating=Rating.UNSATISFIED)
    assert list(returned.steps.values_list("kind", flat=True)).count(StepKind.ANSWER) == 2
    assert all(p.cosigners.count() >= 2 for p in proposals)
    assert not any(step.at > timezone.now() for p in proposals for step in p.steps.all())
