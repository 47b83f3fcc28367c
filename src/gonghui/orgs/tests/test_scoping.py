"""Reach: a role on a node reaches its subtree and nothing else (docs/reliability.md S2, S3)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import NotFound
from gonghui.core.roles import Cap, Role
from gonghui.orgs import selectors
from gonghui.orgs.models import Member, Org, OrgKind, RoleAssignment

from .factories import MemberFactory, UserFactory, org_child, org_root

pytestmark = pytest.mark.django_db


def test_town_cadre_sees_only_members_of_their_town(tree):
    visible = set(selectors.member_list(user=tree.cadre_a, node=tree.town_a))
    assert visible == {*tree.members_a, tree.member_a_branch}


def test_district_cadre_sees_both_towns(tree):
    assert selectors.member_list(user=tree.cadre_district, node=tree.district).count() == 6


def test_chair_of_sibling_union_is_refused_with_not_found(tree):
    with pytest.raises(NotFound):
        selectors.member_get(user=tree.chair_b, pk=tree.members_a[1].pk)


def test_member_reaches_only_their_own_record(tree):
    own = tree.members_a[0]
    assert selectors.member_get(user=tree.member_user, pk=own.pk) == own
    with pytest.raises(NotFound):
        selectors.member_get(user=tree.member_user, pk=tree.members_a[1].pk)
    assert selectors.member_list(user=tree.member_user, node=tree.union_a).count() == 0


def test_auditor_cannot_read_the_roster(tree):
    assert selectors.member_list(user=tree.auditor_a, node=tree.union_a).count() == 0


def test_branch_node_lists_only_its_members(tree):
    assert list(selectors.member_list(user=tree.chair_a, node=tree.branch_a)) == [tree.member_a_branch]


def test_enterprises_without_union_count_under_their_area(tree):
    names = set(selectors.enterprise_list(user=tree.cadre_a, node=tree.town_a).values_list("name", flat=True))
    assert names == {"甲机械厂", "甲物流公司", "甲小饭店"}
    assert not selectors.enterprise_list(user=tree.cadre_b, node=tree.town_a).exists()


def test_search_by_name_initials_and_id_tail(tree):
    member = tree.members_a[1]
    by_name = selectors.member_list(user=tree.chair_a, node=tree.union_a, search=member.name[:2])
    assert member in by_name
    by_initials = selectors.member_list(
        user=tree.chair_a, node=tree.union_a, search=member.initials[:3].upper()
    )
    assert member in by_initials
    by_tail = selectors.member_list(user=tree.chair_a, node=tree.union_a, search=member.id_number[-4:])
    assert list(by_tail) == [member]
    by_phone = selectors.member_list(user=tree.chair_a, node=tree.union_a, search=member.phone[-6:])
    assert list(by_phone) == [member]


def _oracle_members(user) -> set[int]:
    """Naive reach: walk up from each member's union to the root, looking for a role with the capability."""
    granted = {
        a.node_id
        for a in RoleAssignment.objects.filter(user=user)
        if Cap.VIEW_ROSTER in selectors.CAPABILITIES[a.role]
    }
    visible = set()
    parents = {org.pk: getattr(Org.objects.get_parent(org), "pk", None) for org in Org.objects.all()}
    for member in Member.objects.all():
        node_id = member.union_id
        while node_id is not None:
            if node_id in granted:
                visible.add(member.pk)
                break
            node_id = parents[node_id]
    return visible


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shape=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=8),
    grants=st.lists(
        st.tuples(st.integers(min_value=0, max_value=20), st.sampled_from(list(Role))), max_size=4
    ),
)
def test_visible_members_equal_the_naive_oracle_on_random_trees(db, shape, grants):
    """S3: for random trees and random role grants, the one-query scope equals a naive subtree walk."""
    Member.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Org.objects.all().delete()
    root = org_root("根")
    nodes, unions = [root], []
    for parent_index in shape:
        parent = nodes[parent_index % len(nodes)]
        if parent.kind == OrgKind.UNION:
            nodes.append(org_child(parent, f"分会{len(nodes)}", kind=OrgKind.BRANCH))
        elif parent.kind == OrgKind.FEDERATION and len(nodes) % 2:
            nodes.append(org_child(parent, f"镇{len(nodes)}", kind=OrgKind.FEDERATION))
        elif parent.kind == OrgKind.FEDERATION:
            union = org_child(parent, f"工会{len(nodes)}")
            unions.append(union)
            nodes.append(union)
    for union in unions:
        MemberFactory(union=union)
    user = UserFactory(username="probe")
    for index, role in grants:
        RoleAssignment.objects.get_or_create(user=user, node=nodes[index % len(nodes)], role=role)
    user = type(user).objects.get(pk=user.pk)  # fresh: no cached role assignments
    seen = set()
    for node in selectors.home_nodes(user):
        seen |= set(selectors.member_list(user=user, node=node).values_list("pk", flat=True))
    assert seen == _oracle_members(user)


def test_one_character_finds_people_by_surname_only(tree):
    ye = MemberFactory(union=tree.union_a, name="叶明辉", initials="ymh")
    MemberFactory(union=tree.union_a, name="高叶", initials="gy")
    found = selectors.member_list(user=tree.chair_a, node=tree.union_a, search="叶")
    assert list(found) == [ye]


def test_compound_surname_is_found_by_its_first_character(tree):
    from gonghui.orgs.naming import name_initials

    yuchi = MemberFactory(union=tree.union_a, name="尉迟恭", initials=name_initials("尉迟恭"))
    wei = MemberFactory(union=tree.union_a, name="尉缭", initials=name_initials("尉缭"))
    found = set(selectors.member_list(user=tree.chair_a, node=tree.union_a, search="尉"))
    assert found == {yuchi, wei}


def test_two_characters_match_anywhere_in_the_name(tree):
    a = MemberFactory(union=tree.union_a, name="叶明辉", initials="ymh")
    b = MemberFactory(union=tree.union_a, name="王明辉", initials="wmh")
    MemberFactory(union=tree.union_a, name="明王辉", initials="mwh")
    assert set(selectors.member_list(user=tree.chair_a, node=tree.union_a, search="明辉")) == {a, b}
