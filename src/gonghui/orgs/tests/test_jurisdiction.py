"""A node follows its own jurisdiction, else its nearest ancestor's; a request reads each node's chain once."""

import pytest

from gonghui.orgs import services
from gonghui.orgs.jurisdiction import chains_memo, org_jurisdiction
from gonghui.orgs.models import Jurisdiction, Org

pytestmark = pytest.mark.django_db


def test_a_union_follows_its_nearest_ancestor_with_a_jurisdiction(tree):
    Org.objects.filter(pk=tree.town_a.pk).update(jurisdiction=Jurisdiction.ZHEJIANG)
    assert org_jurisdiction(tree.union_a) == "zhejiang"
    assert org_jurisdiction(tree.team_a) == "zhejiang"
    assert org_jurisdiction(tree.union_b) == "national"


def test_within_a_request_the_chain_is_read_once_per_node(tree, django_assert_num_queries):
    with django_assert_num_queries(1), chains_memo():
        for _ in range(7):  # a congress term page asks for seven rules of its union
            org_jurisdiction(tree.union_a)
    with django_assert_num_queries(7):  # outside a request (tasks, shells) every call reads afresh
        for _ in range(7):
            org_jurisdiction(tree.union_a)


def test_changing_a_jurisdiction_is_seen_later_in_the_same_request(tree):
    with chains_memo():
        assert org_jurisdiction(tree.union_a) == "national"
        services.org_update(actor=tree.cadre_a, org=tree.town_a, jurisdiction=Jurisdiction.SHANGHAI)
        assert org_jurisdiction(tree.union_a) == "shanghai"
