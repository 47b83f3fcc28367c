"""The polls API as an elector's app and an organiser's system call it."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.services import token_create
from gonghui.orgs.models import Member
from gonghui.voting import services
from gonghui.voting.models import Ballot, VoterMark
from gonghui.voting.tests.factories import decrypted, shares_of

from .test_views import ELECTION, certify, client_for, elector_user, make_poll, session_reads, vote_all

pytestmark = pytest.mark.django_db


def _cast(client, poll, choices):
    url = reverse("api:ballot_cast", kwargs={"poll_id": poll.pk})
    return client.post(url, json.dumps({"choices": choices}), content_type="application/json")


def test_cast_answers_201_with_a_receipt_that_is_counted(tree):
    poll = make_poll(tree)
    response = _cast(client_for(tree.member_user), poll, {"1": "yes"})
    assert response.status_code == 201
    receipt = response.json()["receipt"]
    assert [digest for _choices, _weight, digest in decrypted(poll)] == [services.receipt_digest(receipt)]


def test_cast_twice_answers_409_and_counts_once(tree):
    poll = make_poll(tree)
    client = client_for(tree.member_user)
    _cast(client, poll, {"1": "yes"})
    response = _cast(client, poll, {"1": "no"})
    assert response.status_code == 409
    assert response.json() == {
        "code": "already_voted",
        "message": "已经投过票（或已领取纸质选票），每人只能投一次。",
    }
    assert (VoterMark.objects.filter(poll=poll).count(), len(decrypted(poll))) == (1, 1)


def test_cast_by_someone_who_sees_the_poll_but_is_not_an_elector_is_403(tree):
    poll = make_poll(tree)
    response = _cast(client_for(tree.chair_a), poll, {"1": "yes"})
    assert response.status_code == 403 and response.json()["code"] == "not_elector"
    assert not Ballot.objects.filter(poll=poll).exists()


def test_cast_on_a_missing_poll_is_404(tree):
    make_poll(tree)
    url = reverse("api:ballot_cast", kwargs={"poll_id": 987654})
    response = client_for(tree.member_user).post(
        url, json.dumps({"choices": {"1": "yes"}}), content_type="application/json"
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_cast_costs_sign_in_and_the_vote_and_nothing_else(tree):
    """The session (unless it comes from the cache), the user, then cast's own statements: the current node (a
    role query) is not resolved for a request that never reads it."""
    poll = make_poll(tree)
    people = [elector_user(m) for m in Member.objects.filter(union=tree.union_a)]
    services.cast(voter=people[0], poll=poll, choices={1: "yes"})  # questions now cached
    client = client_for(people[1])
    with CaptureQueriesContext(connection) as cast_alone:
        services.cast(voter=people[2], poll=poll, choices={1: "yes"})
    with CaptureQueriesContext(connection) as request:
        assert _cast(client, poll, {"1": "no"}).status_code == 201
    tables = " ".join(q["sql"] for q in request.captured_queries)
    assert len(request) == session_reads() + 1 + len(cast_alone)
    assert ("django_session" in tables) == bool(session_reads()) and "orgs_roleassignment" not in tables


def test_cast_with_a_token_needs_no_csrf(tree):
    poll = make_poll(tree)
    _token, key = token_create(actor=tree.member_user, name="投票终端")
    url = reverse("api:ballot_cast", kwargs={"poll_id": poll.pk})
    response = Client(enforce_csrf_checks=True).post(
        url,
        json.dumps({"choices": {"1": "abstain"}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201


def test_cast_by_session_without_csrf_token_is_refused(tree):
    poll = make_poll(tree)
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.member_user)
    assert _cast(client, poll, {"1": "yes"}).status_code == 403
    assert not Ballot.objects.filter(poll=poll).exists()


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"1": "maybe"}, "第 1 项的选择无效"),
        ({}, "第 1 项还没有选择"),
        ({"1": "yes", "7": "yes"}, "没有的事项"),
    ],
)
def test_cast_with_invalid_choices_is_400_and_writes_nothing(tree, choices, message):
    poll = make_poll(tree)
    response = _cast(client_for(tree.member_user), poll, choices)
    assert response.status_code == 400 and message in response.json()["message"]
    assert not VoterMark.objects.filter(poll=poll).exists()


def test_cast_refuses_unknown_fields(tree):
    poll = make_poll(tree)
    url = reverse("api:ballot_cast", kwargs={"poll_id": poll.pk})
    body = json.dumps({"choices": {"1": "yes"}, "member_id": 1})
    response = client_for(tree.member_user).post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert not Ballot.objects.filter(poll=poll).exists()


def test_choose_question_takes_a_list_of_names(tree):
    poll = make_poll(tree, policy="plurality", kind="other", questions=[ELECTION])
    response = _cast(client_for(tree.member_user), poll, {"1": ["赵敏", "王芳"]})
    assert response.status_code == 201
    assert decrypted(poll)[0][0] == {"1": ["王芳", "赵敏"]}


def test_turnout_is_counts_only(tree):
    poll = make_poll(tree)
    services.cast(voter=tree.member_user, poll=poll, choices={1: "yes"})
    response = client_for(tree.chair_a).get(reverse("api:poll_turnout", kwargs={"poll_id": poll.pk}))
    # While open, heads only: a weight that steps by one delegate's weight would name who just voted.
    assert response.json() == {"voted": 1, "electorate": 4, "weight_voted": None, "weight_total": 4}


def test_result_after_certification_has_counts_and_reasons(tree):
    poll = make_poll(tree, min_group_size=2)
    vote_all(tree, poll, {1: "no"})
    certify(tree, poll, attendance=4)
    body = client_for(tree.member_user).get(reverse("api:poll_result", kwargs={"poll_id": poll.pk})).json()
    assert body["certified"] is True and body["ballots"] == 4
    question = body["questions"][0]
    assert question["counts"] == {"yes": 0, "no": 4, "abstain": 0}
    assert question["passed"] is False and "未通过" in question["reason"]


def test_result_below_minimum_group_size_has_null_counts(tree):
    poll = make_poll(tree)
    vote_all(tree, poll, {1: "yes"})
    certify(tree, poll)
    body = client_for(tree.chair_a).get(reverse("api:poll_result", kwargs={"poll_id": poll.pk})).json()
    assert body["counts_shown"] is False and body["questions"][0]["counts"] is None


def test_closed_but_unconfirmed_result_is_for_tellers_and_organisers_only(tree):
    poll = make_poll(tree)
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    url = reverse("api:poll_result", kwargs={"poll_id": poll.pk})
    assert client_for(tree.staff_a).get(url).status_code == 200
    assert client_for(tree.member_user).get(url).status_code == 404


def test_receipt_check(tree):
    poll = make_poll(tree)
    receipt = services.cast(voter=tree.member_user, poll=poll, choices={1: "yes"})
    url = reverse("api:receipt_check", kwargs={"poll_id": poll.pk})
    client = client_for(tree.member_user)
    # While open the receipts are inside the encrypted ballots: nobody can check one yet.
    early = client.post(url, json.dumps({"code": receipt}), content_type="application/json")
    assert early.json() == {"counted": None}
    services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll))
    counted = client.post(url, json.dumps({"code": receipt}), content_type="application/json")
    unknown = client.post(url, json.dumps({"code": "ZZZZ-ZZZZ"}), content_type="application/json")
    assert (counted.json(), unknown.json()) == ({"counted": True}, {"counted": False})


def test_poll_list_is_scoped_to_the_callers_node(tree):
    poll = make_poll(tree)
    mine = client_for(tree.cadre_a).get(reverse("api:poll_list")).json()
    assert [p["id"] for p in mine["results"]] == [poll.pk]
    assert client_for(tree.cadre_b).get(reverse("api:poll_list")).json()["count"] == 0
    outside = client_for(tree.cadre_b).get(reverse("api:poll_list"), {"node": tree.union_a.pk})
    assert outside.status_code == 404


def test_poll_detail_lists_the_questions(tree):
    poll = make_poll(tree)
    body = client_for(tree.member_user).get(reverse("api:poll_detail", kwargs={"poll_id": poll.pk})).json()
    assert body["status"] == "open" and body["electorate_size"] == 4
    assert body["questions"] == [
        {
            "position": 1,
            "text": "审议通过《职工福利方案》",
            "form": "yes_no",
            "options": ["yes", "no", "abstain"],
            "seats": 1,
        }
    ]
