from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.notices.models import Notification
from gonghui.proposals import services
from gonghui.proposals.models import Proposal
from gonghui.proposals.tasks import proposal_reminders

from .factories import congress, submitted

pytestmark = pytest.mark.django_db


def _assign(c, tree, title, deadline_offset):
    proposal = submitted(c, title=title)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    services.proposal_assign(actor=tree.chair_a, proposal=proposal, department="后勤部", handler=c.handler)
    deadline = timezone.localdate() + timedelta(days=deadline_offset)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=deadline)
    return proposal


def test_reminders_go_to_handlers_and_overdue_ones_to_the_committee_once_a_day(tree):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    _assign(c, tree, "逾期的", -2)
    _assign(c, tree, "快到期的", 1)
    _assign(c, tree, "还早的", 20)
    Notification.objects.all().delete()

    proposal_reminders.call()
    handler_texts = sorted(Notification.objects.filter(user=c.handler).values_list("text", flat=True))
    assert len(handler_texts) == 2
    assert any("已超过答复期限" in t and "逾期的" in t for t in handler_texts)
    assert any("快到期的" in t for t in handler_texts)
    assert Notification.objects.filter(user=tree.chair_a, text__contains="逾期的").count() == 1
    assert not Notification.objects.filter(text__contains="还早的").exists()

    before = Notification.objects.count()
    assert proposal_reminders.call() == 0
    call_command("proposal_reminders")  # the cron entry point runs the same sweep (tasks run inline in tests)
    assert Notification.objects.count() == before


def test_the_committee_of_a_union_is_looked_up_once_however_many_answers_are_late(tree):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    late = [_assign(c, tree, f"逾期{n}", -2) for n in range(3)]
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        proposal_reminders.call()
    lookups = [q for q in queries.captured_queries if "orgs_roleassignment" in q["sql"]]
    assert len(lookups) == 1
    assert Notification.objects.filter(user=tree.chair_a, text__contains="已超过答复期限").count() == len(
        late
    )
