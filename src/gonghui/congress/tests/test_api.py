import pytest
from django.test import Client
from django.urls import reverse

from gonghui.congress import services

pytestmark = pytest.mark.django_db


def _get(user, name, **kwargs):
    client = Client()
    client.force_login(user)
    return client.get(reverse(f"api:{name}", kwargs=kwargs))


def test_terms_list_only_what_the_caller_may_see(tree, congress):
    assert [t["id"] for t in _get(tree.cadre_a, "congress_term_list").json()["results"]] == [congress.term.pk]
    assert _get(tree.chair_b, "congress_term_list").json()["count"] == 0


def test_term_detail_carries_the_composition_warnings(tree, congress):
    body = _get(tree.auditor_a, "congress_term_detail", term_id=congress.term.pk).json()
    assert body["node"] == {"id": tree.union_a.pk, "name": tree.union_a.name}
    assert body["composition"]["total"] == 6
    assert any("还需 24 人" in w for w in body["composition"]["warnings"])


def test_quorum_counts_check_ins(tree, congress):
    services.session_open(actor=tree.chair_a, session=congress.session)
    services.checkin_manual(actor=tree.chair_a, session=congress.session, representative=congress.reps[0])
    body = _get(tree.staff_a, "congress_session_quorum", session_id=congress.session.pk).json()
    assert body == {"present": 1, "expected": 6, "needed": 4, "reached": False}


def test_representatives_are_searchable(tree, congress):
    name = congress.reps[2].member.name
    body = _get(tree.chair_a, "congress_representative_list", term_id=congress.term.pk).json()
    assert body["count"] == 6
    client = Client()
    client.force_login(tree.chair_a)
    url = reverse("api:congress_representative_list", kwargs={"term_id": congress.term.pk})
    assert [r["name"] for r in client.get(url, {"q": name}).json()["results"]] == [name]


def test_evaluation_results_wait_for_certification(tree, congress):
    evaluation = services.evaluation_create(
        actor=tree.chair_a,
        session=congress.session,
        title="评议",
        cadres=[{"name": "王建国", "post": "主席"}],
        tellers=congress.reps[:2],
    )
    response = _get(tree.chair_a, "congress_evaluation_results", evaluation_id=evaluation.pk)
    assert response.status_code == 400 and "计票人确认后公布" in response.json()["message"]
