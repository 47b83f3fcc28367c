"""Pages and API of proposals: who sees what, the step forms, refusals as messages, statistics and export."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.proposals import selectors, services
from gonghui.proposals.models import Proposal, ProposalStatus, Rating

from .factories import congress, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(tree):
    return congress(tree.union_a, proposer_user=tree.member_user)


def _login(client, user):
    client.force_login(user)
    return client


def test_submit_page_numbers_the_proposal_and_shows_the_timeline(client, tree, c):
    _login(client, tree.member_user)
    form = client.get(reverse("proposal_create")).content.decode()
    assert c.reps[0].member.name in form and "至少 2 名" in form
    response = client.post(
        reverse("proposal_create"),
        {
            "title": "增设夜班班车",
            "category": "living",
            "body": "夜班下班后没有公交。",
            "cosigners": [c.reps[0].pk, c.reps[1].pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2026-001" in page and "增设夜班班车" in page and "待审查" in page
    assert c.reps[0].member.name in page


def test_submit_page_refuses_too_few_cosigners_and_keeps_the_text(client, tree, c):
    _login(client, tree.member_user)
    response = client.post(
        reverse("proposal_create"),
        {
            "title": "增设夜班班车",
            "category": "living",
            "body": "夜班下班后没有公交。",
            "cosigners": [c.reps[0].pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "至少 2 名其他职工代表附议，目前只有 1 名" in page
    assert "夜班下班后没有公交。" in page
    assert not Proposal.objects.exists()


def test_submit_page_is_only_for_representatives(client, tree, c):
    assert _login(client, tree.chair_a).get(reverse("proposal_create")).status_code == 404


def test_who_sees_which_proposals(tree, c):
    mine = submitted(c)
    other_union = congress(tree.union_b, prefix="b")
    theirs = submitted(other_union)
    services.proposal_accept(actor=tree.chair_a, proposal=mine)
    services.proposal_assign(actor=tree.chair_a, proposal=mine, department="后勤部", handler=c.handler)

    def seen(user):
        return set(selectors.proposal_list(user=user))

    assert seen(tree.member_user) == {mine}  # the proposer
    assert seen(c.reps[2].member.user) == {mine}  # a representative of the term
    assert seen(c.handler) == {mine}  # the handler
    assert seen(tree.auditor_a) == seen(tree.cadre_a) == {mine}  # VIEW_CONGRESS in reach
    assert seen(tree.chair_b) == {theirs}
    assert seen(tree.cadre_district) == {mine, theirs}
    assert seen(other_union.handler) == set()  # nothing assigned to them
    assert seen(tree.nobody) == set()


def test_a_handler_sees_only_what_was_assigned_to_them(tree, c):
    assigned = submitted(c)
    not_assigned = submitted(c, title="另一件")
    services.proposal_accept(actor=tree.chair_a, proposal=assigned)
    services.proposal_assign(actor=tree.chair_a, proposal=assigned, department="后勤部", handler=c.handler)
    assert set(selectors.proposal_list(user=c.handler)) == {assigned}
    assert not_assigned not in selectors.proposal_list(user=c.handler)


def test_committee_handler_and_proposer_steps_through_the_pages(client, tree, c):
    proposal = submitted(c)
    detail = reverse("proposal_detail", args=[proposal.pk])
    chair = _login(client, tree.chair_a)
    assert "立案" in chair.get(detail).content.decode()
    chair.post(reverse("proposal_accept", args=[proposal.pk]))
    chair.post(
        reverse("proposal_assign", args=[proposal.pk]),
        {"department": "后勤部", "handler": c.handler.pk, "deadline": ""},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED and proposal.handler == c.handler

    handler = _login(client, c.handler)
    assert "提交答复" in handler.get(detail).content.decode()
    handler.post(reverse("proposal_answer", args=[proposal.pk]), {"answer": "增设窗口", "measures": "下月起"})

    proposer = _login(client, tree.member_user)
    page = proposer.post(reverse("proposal_rate", args=[proposal.pk]), {"rating": "satisfied"}, follow=True)
    text = page.content.decode()
    assert "已办结" in text and "满意" in text and "增设窗口" in text


def test_a_refused_step_shows_the_reason_and_changes_nothing(client, tree, c):
    proposal = submitted(c)
    auditor = _login(client, tree.auditor_a)
    page = auditor.post(reverse("proposal_accept", args=[proposal.pk]), follow=True).content.decode()
    assert "只有提案工作委员会" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_bad_deadline_is_refused_with_a_message(client, tree, c):
    proposal = submitted(c)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    chair = _login(client, tree.chair_a)
    response = chair.post(
        reverse("proposal_assign", args=[proposal.pk]),
        {"department": "后勤部", "handler": c.handler.pk, "deadline": "明天"},
        follow=True,
    )
    assert "答复期限应为日期" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_list_filters_and_flags_overdue(client, tree, c):
    late = submitted(c, title="逾期的提案")
    submitted(c, title="新提案")
    services.proposal_accept(actor=tree.chair_a, proposal=late)
    services.proposal_assign(actor=tree.chair_a, proposal=late, department="后勤部", handler=c.handler)
    Proposal.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    chair = _login(client, tree.chair_a)
    page = chair.get(reverse("proposal_list") + "?overdue=1").content.decode()
    assert "逾期的提案" in page and "新提案" not in page and "逾期" in page
    page = chair.get(reverse("proposal_list") + "?q=新提").content.decode()
    assert "新提案" in page and "逾期的提案" not in page


def _closed(c, tree, title, rating, category="wages"):
    proposal = submitted(c, title=title, category=category)
    services.proposal_accept(actor=tree.chair_a, proposal=proposal)
    services.proposal_assign(actor=tree.chair_a, proposal=proposal, department="人事部", handler=c.handler)
    services.proposal_answer(actor=c.handler, proposal=proposal, answer="答复")
    return services.proposal_rate(actor=tree.member_user, proposal=proposal, rating=rating)


def test_statistics_name_their_formulas_and_export(client, tree, c):
    _closed(c, tree, "一", Rating.SATISFIED)
    _closed(c, tree, "二", Rating.BASICALLY)
    converted = submitted(c, title="三")
    services.proposal_convert(actor=tree.chair_a, proposal=converted, reason="个人诉求")
    submitted(c, title="四", category="safety")

    stats = selectors.proposal_stats(session=c.session)
    rates = {str(r.label): r for r in stats["rates"]}
    assert (rates["立案率"].numerator, rates["立案率"].denominator) == (2, 4)
    assert rates["满意率"].percent == "50.0%"
    assert rates["满意和基本满意率"].percent == "100.0%"
    wages = next(row for row in stats["by_category"] if row["category"] == "wages")
    assert (wages["submitted"], wages["closed"]) == (2, 2)

    reader = _login(client, tree.cadre_a)
    page = reader.get(reverse("proposal_stats", args=[c.session.pk])).content.decode()
    assert "立案数 ÷ 提交数" in page and "50.0%" in page
    export = reader.get(reverse("proposal_stats_export", args=[c.session.pk]))
    with zipfile.ZipFile(io.BytesIO(export.content)) as book:
        sheet = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "满意率" in sheet and "工资福利" in sheet


def test_statistics_by_category_take_one_query(tree, c, django_assert_num_queries):
    submitted(c, title="一")
    submitted(c, title="四", category="safety")
    with django_assert_num_queries(1):  # was six: the totals, then each of five categories
        stats = selectors.proposal_stats(session=c.session)
    by_category = {row["category"]: row["submitted"] for row in stats["by_category"]}
    assert stats["counts"]["submitted"] == 2 == sum(by_category.values())
    assert by_category["safety"] == 1 and 0 in by_category.values()


def test_statistics_are_not_for_representatives(client, tree, c):
    assert (
        _login(client, tree.member_user).get(reverse("proposal_stats", args=[c.session.pk])).status_code
        == 404
    )


def test_api_submit_and_refusals(client, tree, c):
    _login(client, tree.member_user)
    body = {
        "session_id": c.session.pk,
        "title": "增设职工书屋",
        "category": "other",
        "body": "建议设书屋",
        "cosigner_ids": [c.reps[0].pk, c.reps[1].pk],
    }
    created = client.post(reverse("api:proposal_create"), body, content_type="application/json")
    assert created.status_code == 201 and created.json()["code"] == "2026-001"
    again = client.post(reverse("api:proposal_create"), body, content_type="application/json")
    assert again.status_code == 409 and "请勿重复提交" in again.json()["message"]
    few = client.post(
        reverse("api:proposal_create"),
        {**body, "title": "别的", "cosigner_ids": [c.reps[0].pk]},
        content_type="application/json",
    )
    assert few.status_code == 400 and "附议" in few.json()["message"]
    pk = created.json()["id"]
    rated = client.post(
        reverse("api:proposal_rate", args=[pk]), {"rating": "satisfied"}, content_type="application/json"
    )
    assert rated.status_code == 409
    assert Proposal.objects.count() == 1
