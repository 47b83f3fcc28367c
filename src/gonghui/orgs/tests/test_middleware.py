"""`request.node`: resolved when first read, never for a request that does not read it, and None stays None."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.orgs.middleware import SESSION_KEY, CurrentNodeMiddleware

pytestmark = pytest.mark.django_db


def _through_middleware(rf, user, session=None):
    """A request that has passed the middleware to a view that reads nothing; the user loaded afresh, so no role
    is cached on it yet."""
    request = rf.get("/")
    request.user = get_user_model().objects.get(pk=user.pk) if user.is_authenticated else user
    request.session = session or {}
    CurrentNodeMiddleware(lambda request: HttpResponse())(request)
    return request


def test_a_request_that_never_reads_the_node_costs_no_query(rf, tree):
    request = rf.get("/")
    request.user, request.session = get_user_model().objects.get(pk=tree.chair_a.pk), {}
    with CaptureQueriesContext(connection) as queries:
        CurrentNodeMiddleware(lambda request: HttpResponse())(request)
    assert len(queries) == 0


def test_the_node_is_resolved_once_when_first_read(rf, tree):
    request = _through_middleware(rf, tree.chair_a)
    with CaptureQueriesContext(connection) as queries:
        assert request.node == tree.union_a
        assert request.node == tree.union_a
    assert len(queries) == 1  # the user's roles


def test_no_node_is_none_itself_not_a_truthy_stand_in(rf, tree):
    for user in (tree.nobody, AnonymousUser()):
        request = _through_middleware(rf, user)
        assert request.node is None
        assert not request.node
        assert getattr(request, "node", "missing") is None


def test_the_node_chosen_in_the_session_is_used_within_reach(rf, tree):
    request = _through_middleware(rf, tree.cadre_a, session={SESSION_KEY: tree.union_a.pk})
    assert request.node == tree.union_a
    outside = _through_middleware(rf, tree.cadre_a, session={SESSION_KEY: tree.union_b.pk})
    assert outside.node == tree.town_a


def test_a_view_may_still_set_the_node(rf, tree):
    request = _through_middleware(rf, tree.chair_a)
    request.node = tree.branch_a
    assert request.node == tree.branch_a


def test_pages_that_show_the_node_still_show_it(client, tree):
    client.force_login(tree.chair_a)
    response = client.get(reverse("poll_list"))
    assert response.status_code == 200 and tree.union_a.name in response.content.decode()
    assert type(response.wsgi_request).__name__ == "WSGIRequest"  # reprs and error reports read the same
    client.force_login(tree.nobody)
    assert client.get(reverse("poll_list")).status_code == 404  # `node is None` → 404, as before
