"""The layout's menu: entries by capability, worked out only when a page shows it (the voting booth does not)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.orgs.navigation import nav_context

pytestmark = pytest.mark.django_db


def test_the_menu_costs_no_query_until_a_template_reads_it(rf, tree):
    request = rf.get("/")
    request.user, request.resolver_match, request.node = tree.chair_a, None, tree.union_a
    with CaptureQueriesContext(connection) as building:
        context = nav_context(request)
    assert len(building) == 0
    with CaptureQueriesContext(connection) as reading:
        labels = [item["label"] for section in context["menu"] for item in section["items"]]
        assert context["switch_nodes"] == [tree.union_a]
    assert "表决与选举" in labels
    assert len(reading) == 1  # the user's roles, read once for the menu and the switcher


def test_the_menu_shows_only_entries_the_user_may_use(client, tree):
    client.force_login(tree.chair_a)
    page = client.get(reverse("rule_list")).content.decode()
    assert "表决与选举" in page and "我的投票" in page and tree.union_a.name in page
    client.force_login(tree.member_user)
    page = client.get(reverse("rule_list")).content.decode()
    assert "我的投票" in page and "表决与选举" not in page


def test_api_tokens_are_offered_to_record_keepers_not_to_every_member(client, tree):
    client.force_login(tree.member_user)
    assert "API 令牌" not in client.get(reverse("rule_list")).content.decode()
    client.force_login(tree.chair_a)
    assert "API 令牌" in client.get(reverse("rule_list")).content.decode()


def test_the_voting_booth_reads_no_roles(client, tree):
    """The booth's pages have no menu, no node switcher: the 800 electors' phones cost no role query."""
    client.force_login(tree.member_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("my_polls")).status_code == 200
    assert not any("orgs_roleassignment" in q["sql"] for q in queries.captured_queries)
