"""建会率 and 入会率 for a node and its children, against counts computed here independently."""

import pytest

from gonghui.core.errors import NotFound
from gonghui.orgs import selectors
from gonghui.orgs.models import Enterprise, Member, MemberStatus
from gonghui.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _independent(node):
    enterprises = [
        e
        for e in Enterprise.objects.select_related("union", "area")
        if (e.union or e.area).path.startswith(node.path)
    ]
    members = [
        m
        for m in Member.objects.select_related("union")
        if m.union.path.startswith(node.path) and m.status == MemberStatus.ACTIVE
    ]
    with_union = sum(1 for e in enterprises if e.union_id)
    workers = sum(e.worker_count for e in enterprises)
    return {
        "enterprises": len(enterprises),
        "unionised": with_union,
        "members": len(members),
        "union_rate": round(100 * with_union / len(enterprises), 1) if enterprises else None,
        "membership_rate": round(100 * len(members) / workers, 1) if workers else None,
    }


@pytest.mark.parametrize("node_name", ["district", "town_a", "town_b", "union_a"])
def test_totals_match_an_independent_count(tree, node_name):
    node = getattr(tree, node_name)
    total = selectors.overview(user=tree.superuser, node=node)["total"]
    assert {k: total[k] for k in _independent(node)} == _independent(node)


def test_children_rows_add_up_and_drill_down(tree):
    data = selectors.overview(user=tree.cadre_district, node=tree.district)
    rows = {row["org"].name: row for row in data["children"]}
    assert rows["甲镇总工会"]["enterprises"] == 3 and rows["甲镇总工会"]["union_rate"] == 66.7
    assert rows["乙镇总工会"]["members"] == 2
    assert sum(r["members"] for r in rows.values()) == data["total"]["members"]


def test_retired_members_do_not_count(tree):
    before = selectors.overview(user=tree.superuser, node=tree.union_a)["total"]["members"]
    member = tree.members_a[1]
    member.status = MemberStatus.RETIRED
    member.save()
    assert selectors.overview(user=tree.superuser, node=tree.union_a)["total"]["members"] == before - 1


def test_sibling_town_overview_is_not_found(tree):
    with pytest.raises(NotFound):
        selectors.overview(user=tree.cadre_b, node=tree.town_a)


def test_members_count_in_the_branch_or_team_they_are_placed_in(tree):
    MemberFactory(union=tree.union_a, unit=tree.team_a, enterprise=tree.ent_a)
    rows = {
        row["org"].name: row for row in selectors.overview(user=tree.superuser, node=tree.union_a)["children"]
    }
    assert rows["一车间分会"]["members"] == 2  # one in the branch itself, one in its 焊接班
    branch = {
        row["org"].name: row
        for row in selectors.overview(user=tree.superuser, node=tree.branch_a)["children"]
    }
    assert branch["焊接班"]["members"] == 1
