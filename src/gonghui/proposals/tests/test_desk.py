"""Proposals on the work desk: the handler's answer due, the committee's proposals to review, the proposer's own;
and the notices of a step already taken leave the unread count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.core.registry import desk_for
from gonghui.notices.selectors import unread_count
from gonghui.proposals import services

from .factories import congress, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(tree):
    return congress(tree.union_a, proposer_user=tree.member_user)


def _titles(user):
    return [item.title for item in desk_for(user)]


def test_the_committee_sees_proposals_to_review_then_to_assign(c, tree):
    submitted(c)
    assert "1 件提案待审查立案" in _titles(tree.chair_a)
    services.proposal_accept(actor=tree.chair_a, proposal=c.session.proposals.get())
    assert "1 件提案已立案，待交办" in _titles(tree.chair_a)
    assert "1 件提案待审查立案" not in _titles(tree.chair_a)


def test_the_handler_sees_the_answer_due_late_first(c, tree):
    today = timezone.localdate()
    for title in ("晚些答复", "已逾期"):
        proposal = submitted(c, title=title)
        services.proposal_accept(actor=tree.chair_a, proposal=proposal)
        proposal.refresh_from_db()
        services.proposal_assign(
            actor=tree.chair_a, proposal=proposal, department="后勤部", handler=c.handler, deadline=today
        )
    # The deadline of one passed while the handler did nothing.
    c.session.proposals.filter(title="已逾期").update(deadline=today - timedelta(days=1))

    items = [item for item in desk_for(c.handler) if item.title.startswith("答复提案")]

    assert [(item.title.split("：")[1], item.overdue, item.due_label) for item in items] == [
        ("已逾期", True, "答复期限"),
        ("晚些答复", False, "答复期限"),
    ]
    assert items[0].url == f"/proposals/{c.session.proposals.get(title='已逾期').pk}/"


def test_the_proposer_sees_their_proposal_under_way(c, tree):
    proposal = submitted(c)
    mine = [item for item in desk_for(tree.member_user) if item.title.startswith("我的提案")]
    assert [(item.title, item.detail) for item in mine] == [
        (f"我的提案 {proposal.code}：改善食堂伙食", "待审查")
    ]


def test_a_notice_about_a_step_already_taken_leaves_the_unread_count(c, tree):
    proposal = submitted(c)
    assert unread_count(tree.chair_a) == 1  # 新提案待审查
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    assert unread_count(tree.chair_a) == 0
    assert unread_count(tree.member_user) == 1  # 您的提案已立案: the step just taken tells the proposer
