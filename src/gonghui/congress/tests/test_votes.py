import pytest
from django.test import Client
from django.urls import reverse

from gonghui.congress import selectors, services
from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.orgs.tests.factories import UserFactory
from gonghui.voting import services as voting
from gonghui.voting.models import PollKind, PollStatus
from gonghui.voting.selectors import poll_result
from gonghui.voting.tests.factories import shares_of

from .factories import build_congress

pytestmark = pytest.mark.django_db


def _users(reps):
    for rep in reps:
        rep.member.refresh_from_db()
    return [rep.member.user for rep in reps]


def _item_with_vote(tree, congress, **kwargs):
    item = services.agenda_add(
        actor=tree.chair_a, session=congress.session, title="工资集体协商方案", kind="plan"
    )
    services.agenda_vote_setup(actor=tree.chair_a, item=item, tellers=congress.reps[:2], **kwargs)
    item.refresh_from_db()
    return item


def _certify(poll, tellers):
    for user in tellers:
        poll = voting.tally_confirm(actor=user, poll=poll)
    return poll


def test_agenda_vote_is_a_secret_congress_poll_of_the_sessions_representatives(tree, congress):
    item = _item_with_vote(tree, congress)
    assert item.poll.kind == PollKind.CONGRESS_ITEM and item.poll.secret and item.poll.policy == "congress"
    with pytest.raises(Conflict, match="已经设置了表决"):
        services.agenda_vote_setup(actor=tree.chair_a, item=item, tellers=congress.reps[:2])
    with pytest.raises(DomainError, match="签到开始后"):
        services.session_vote_open(actor=tree.chair_a, poll=item.poll)
    services.session_open(actor=tree.chair_a, session=congress.session)
    poll = services.session_vote_open(actor=tree.chair_a, poll=item.poll)
    assert poll.electorate_size == len(congress.reps)


def test_a_vote_passes_with_two_thirds_present_and_more_than_half_of_all_in_favour(tree):
    congress = build_congress(tree.union_a, representatives=9)
    item = _item_with_vote(tree, congress)
    services.session_open(actor=tree.chair_a, session=congress.session)
    for rep in congress.reps[:6]:
        services.checkin_manual(actor=tree.staff_a, session=congress.session, representative=rep)
    poll = services.session_vote_open(actor=tree.chair_a, poll=item.poll)
    for user, choice in zip(_users(congress.reps[:6]), ["yes"] * 5 + ["no"], strict=True):
        voting.cast(voter=user, poll=poll, choices={1: choice})
    poll = services.session_vote_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    assert poll.attendance_count == 6
    poll = _certify(poll, _users(congress.reps[:2]))
    assert poll.status == PollStatus.CERTIFIED
    question = poll_result(user=tree.chair_a, poll=poll).questions[0]
    assert question.passed is True
    assert "到会 6 人" in question.reason and "赞成 5 票" in question.reason


def test_too_few_present_fails_the_quorum(tree):
    congress = build_congress(tree.union_a, representatives=9)
    item = _item_with_vote(tree, congress)
    services.session_open(actor=tree.chair_a, session=congress.session)
    poll = services.session_vote_open(actor=tree.chair_a, poll=item.poll)
    for user in _users(congress.reps[:5]):
        voting.cast(voter=user, poll=poll, choices={1: "yes"})
    poll = services.session_vote_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    # Representatives who voted count as present even without a check-in.
    assert poll.attendance_count == 5
    question = poll_result(user=tree.chair_a, poll=poll).questions[0]
    assert question.passed is False and "未达到应到 9 人的三分之二" in question.reason


def test_session_cannot_close_while_a_vote_is_open(tree, congress):
    item = _item_with_vote(tree, congress)
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.session_vote_open(actor=tree.chair_a, poll=item.poll)
    with pytest.raises(DomainError, match="还有表决没有结束"):
        services.session_close(actor=tree.chair_a, session=congress.session)
    assert congress.session.status == "open"


def test_only_managers_run_votes(tree, congress):
    item = services.agenda_add(actor=tree.chair_a, session=congress.session, title="议题")
    for outsider in (tree.auditor_a, tree.cadre_a, tree.chair_b):
        with pytest.raises(PermissionDenied):
            services.agenda_vote_setup(actor=outsider, item=item, tellers=congress.reps[:2])
    item.refresh_from_db()
    assert item.poll is None


def _evaluation(tree, congress, cadre_user=None):
    evaluation = services.evaluation_create(
        actor=tree.chair_a,
        session=congress.session,
        title="民主评议领导干部",
        cadres=[
            {"name": "王建国", "post": "总经理", "user": cadre_user},
            {"name": "李红", "post": "副总经理"},
        ],
        tellers=congress.reps[:2],
    )
    services.session_open(actor=tree.chair_a, session=congress.session)
    poll = services.session_vote_open(actor=tree.chair_a, poll=evaluation.poll)
    grades = ["优秀", "优秀", "称职", "称职", "基本称职", "不称职"]
    for user, grade in zip(_users(congress.reps), grades, strict=True):
        voting.cast(voter=user, poll=poll, choices={1: grade, 2: "优秀"})
    poll = services.session_vote_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    evaluation.refresh_from_db()
    return evaluation, poll


def test_evaluation_results_appear_after_certification_with_rates(tree, congress):
    evaluation, poll = _evaluation(tree, congress)
    with pytest.raises(DomainError, match="计票人确认后公布"):
        selectors.evaluation_results(user=tree.chair_a, evaluation=evaluation)
    _certify(poll, _users(congress.reps[:2]))
    evaluation.refresh_from_db()
    first, second = selectors.evaluation_results(user=tree.auditor_a, evaluation=evaluation)
    assert first.counts == {"优秀": 2, "称职": 2, "基本称职": 1, "不称职": 1}
    assert first.rates == {"优秀率": 33.3, "称职以上率": 66.7, "不称职率": 16.7}
    assert second.rates["优秀率"] == 100.0


def test_each_cadre_sees_only_their_own_result(tree, congress):
    cadre = UserFactory(username="wang")
    evaluation, poll = _evaluation(tree, congress, cadre_user=cadre)
    _certify(poll, _users(congress.reps[:2]))
    evaluation.refresh_from_db()
    rows = selectors.evaluation_results(
        user=cadre, evaluation=selectors.evaluation_get(user=cadre, pk=evaluation.pk)
    )
    assert [r.cadre.name for r in rows] == ["王建国"]
    for outsider in (tree.member_user, tree.chair_b, tree.cadre_b):
        with pytest.raises(NotFound):
            selectors.evaluation_get(user=outsider, pk=evaluation.pk)
    client = Client()
    client.force_login(cadre)
    html = client.get(reverse("congress_evaluation_result", args=[evaluation.pk])).content.decode()
    assert "王建国" in html and "李红" not in html


def test_evaluation_needs_name_and_post_for_each_cadre(tree, congress):
    with pytest.raises(DomainError, match="姓名和职务"):
        services.evaluation_create(
            actor=tree.chair_a, session=congress.session, title="评议", cadres=[{"name": "王", "post": ""}]
        )
    services.evaluation_create(
        actor=tree.chair_a,
        session=congress.session,
        title="评议",
        cadres=[{"name": "王", "post": "主席"}],
        tellers=congress.reps[:2],
    )
    with pytest.raises(Conflict, match="已经设置了民主评议"):
        services.evaluation_create(
            actor=tree.chair_a,
            session=congress.session,
            title="评议",
            cadres=[{"name": "李", "post": "主席"}],
        )
