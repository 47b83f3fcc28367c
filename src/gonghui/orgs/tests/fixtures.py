"""A small tree used across the orgs tests: a district with two towns, unions under them, people with roles.

district
├── town_a ── union_a (branch_a ── team_a), union_a2
└── town_b ── union_b
"""

from types import SimpleNamespace

import pytest

from gonghui.core.roles import Role
from gonghui.orgs.models import OrgKind

from .factories import EnterpriseFactory, MemberFactory, UserFactory, grant, org_child, org_root


@pytest.fixture
def tree(db):
    t = SimpleNamespace()
    t.district = org_root("测试区总工会")
    t.town_a = org_child(t.district, "甲镇总工会", kind=OrgKind.FEDERATION)
    t.town_b = org_child(t.district, "乙镇总工会", kind=OrgKind.FEDERATION)
    t.union_a = org_child(t.town_a, "甲机械厂工会")
    t.union_a2 = org_child(t.town_a, "甲物流公司工会")
    t.union_b = org_child(t.town_b, "乙电子公司工会")
    t.branch_a = org_child(t.union_a, "一车间分会", kind=OrgKind.BRANCH)
    t.team_a = org_child(t.branch_a, "焊接班", kind=OrgKind.TEAM)
    t.ent_a = EnterpriseFactory(name="甲机械厂", area=t.town_a, union=t.union_a, worker_count=100)
    t.ent_a2 = EnterpriseFactory(name="甲物流公司", area=t.town_a, union=t.union_a2, worker_count=50)
    t.ent_a_none = EnterpriseFactory(name="甲小饭店", area=t.town_a, union=None, worker_count=10)
    t.ent_b = EnterpriseFactory(name="乙电子公司", area=t.town_b, union=t.union_b, worker_count=200)
    t.members_a = [MemberFactory(union=t.union_a, enterprise=t.ent_a) for _ in range(3)]
    t.member_a_branch = MemberFactory(union=t.union_a, unit=t.branch_a, enterprise=t.ent_a, sex="F")
    t.members_b = [MemberFactory(union=t.union_b, enterprise=t.ent_b) for _ in range(2)]
    t.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    t.cadre_district = UserFactory(username="district")
    grant(t.cadre_district, t.district, Role.FEDERATION_CADRE)
    t.cadre_a = UserFactory(username="town_a")
    grant(t.cadre_a, t.town_a, Role.FEDERATION_CADRE)
    t.cadre_b = UserFactory(username="town_b")
    grant(t.cadre_b, t.town_b, Role.FEDERATION_CADRE)
    t.chair_a = UserFactory(username="chair_a")
    grant(t.chair_a, t.union_a, Role.UNION_CHAIR)
    t.chair_b = UserFactory(username="chair_b")
    grant(t.chair_b, t.union_b, Role.UNION_CHAIR)
    t.staff_a = UserFactory(username="staff_a")
    grant(t.staff_a, t.union_a, Role.UNION_STAFF)
    t.auditor_a = UserFactory(username="auditor_a")
    grant(t.auditor_a, t.union_a, Role.AUDITOR)
    t.member_user = UserFactory(username="member_a")
    grant(t.member_user, t.union_a, Role.MEMBER)
    t.members_a[0].user = t.member_user
    t.members_a[0].save()
    t.nobody = UserFactory(username="nobody")
    return t
