"""An answer deadline counted into a year whose holiday schedule is not known yet is an estimate: every page,
API field, notice and desk item says 预估, and adding the year counts it again (issue 13)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.calendar import known_year
from gonghui.core.registry import desk_for
from gonghui.core.services import calendar_year_add
from gonghui.notices.models import Notification
from gonghui.proposals import services
from gonghui.proposals.models import Proposal
from gonghui.proposals.tasks import proposal_reminders

from .factories import congress, submitted

# 28 December 2026: 30 days on is 27 January 2027, a year whose schedule is not known.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-28 10:00 +08:00")]


def _assigned(tree, c, *, title="改善食堂伙食", deadline=None):
    proposal = submitted(c, title=title)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    return services.proposal_assign(
        actor=tree.chair_a, proposal=proposal, department="后勤部", handler=c.handler, deadline=deadline
    )


def test_a_counted_deadline_in_an_unknown_year_says_预估_on_pages_api_notice_and_desk(tree):
    assert not known_year(2027)
    c = congress(tree.union_a, proposer_user=tree.member_user)
    proposal = _assigned(tree, c)
    assert proposal.deadline == date(2027, 1, 27) and proposal.deadline_provisional
    client = Client()
    client.force_login(tree.chair_a)
    for url in (reverse("proposal_list"), reverse("proposal_detail", kwargs={"pk": proposal.pk})):
        assert "预估" in client.get(url).content.decode()
    api = client.get(reverse("api:proposal_detail", kwargs={"proposal_id": proposal.pk})).json()
    assert api["deadline"] == "2027-01-27" and api["deadline_provisional"] is True
    assert Notification.objects.get(user=c.handler).text.startswith("请于 2027-01-27（预估） 前答复")
    item = next(i for i in desk_for(c.handler) if i.due == proposal.deadline)
    assert item.due_label == "答复期限（预估）"


def test_a_date_the_committee_chose_is_not_an_estimate(tree):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    proposal = _assigned(tree, c, deadline=date(2027, 2, 1))
    assert proposal.deadline_counted_from is None and not proposal.deadline_provisional
    client = Client()
    client.force_login(tree.chair_a)
    api = client.get(reverse("api:proposal_detail", kwargs={"proposal_id": proposal.pk})).json()
    assert api["deadline_provisional"] is False
    assert "（预估）" not in Notification.objects.get(user=c.handler).text


def test_reminders_and_the_overdue_flag_of_an_estimate_say_预估(tree, time_machine):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    proposal = _assigned(tree, c)
    Notification.objects.all().delete()
    time_machine.move_to("2027-01-29 10:00 +08:00")
    assert proposal_reminders.call() > 0
    texts = list(Notification.objects.values_list("text", flat=True))
    assert texts and all("2027-01-27（预估）" in t for t in texts)
    client = Client()
    client.force_login(tree.chair_a)
    assert "按预估已逾期" in client.get(reverse("proposal_list")).content.decode()
    late = next(i for i in desk_for(tree.chair_a) if i.count and i.overdue)
    assert late.due_label == "最早答复期限（预估）"
    assert proposal.pk


def test_adding_the_year_counts_the_rules_deadlines_again_and_leaves_chosen_dates(tree):
    c = congress(tree.union_a, proposer_user=tree.member_user)
    counted = _assigned(tree, c)
    chosen = _assigned(tree, c, title="增加班车", deadline=date(2027, 2, 1))
    # A (made-up) schedule in which 27 January 2027 is a holiday: the counted deadline moves to the 28th.
    days = [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 1, 27), False, "测试"),
        (date(2027, 2, 1), False, "测试"),
    ]
    calendar_year_add(actor=tree.superuser, year=2027, days=days, source="国办发明电〔2026〕测试号")
    counted.refresh_from_db()
    chosen.refresh_from_db()
    assert counted.deadline == date(2027, 1, 28) and not counted.deadline_provisional
    assert chosen.deadline == date(2027, 2, 1)  # the committee's date, even on a holiday
    assert services.deadlines_recompute(year=2027) == 0
    assert Proposal.objects.filter(deadline=date(2027, 1, 28)).count() == 1
