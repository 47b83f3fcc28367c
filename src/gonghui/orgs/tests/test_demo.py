"""`gonghui demo` and `gonghui logins`: the area a new user explores after `make run`."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gonghui.core.idnumber import parse_id_number
from gonghui.core.roles import Role
from gonghui.orgs import selectors
from gonghui.orgs.demo import DEMO_LOGINS, DEMO_PASSWORD, MEMBERS_PER_UNION, plan_area, plan_members
from gonghui.orgs.jurisdiction import org_jurisdiction, org_rule
from gonghui.orgs.models import (
    Enterprise,
    Jurisdiction,
    Member,
    MembershipTransfer,
    Org,
    OrgCategory,
    OrgKind,
    RoleAssignment,
)
from gonghui.orgs.tests.factories import org_root

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 1)


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_demo_builds_a_town_of_sixty_enterprises_most_with_unions():
    output = run("demo")

    town = Org.objects.get(name="柳溪镇总工会")
    assert (town.category, town.jurisdiction) == (OrgCategory.TOWN, Jurisdiction.ZHEJIANG)
    enterprises = Enterprise.objects.filter(area=town)
    assert 55 <= enterprises.count() <= 65
    assert 45 <= enterprises.filter(union__isnull=False).count() <= 55
    joint = Org.objects.get(category=OrgCategory.JOINT)
    assert joint.enterprises.count() == 3
    school = Org.objects.get(category=OrgCategory.SCHOOL)
    assert school.enterprises.filter(name__endswith="中心小学", ownership="public", industry="P").exists()
    assert Org.objects.filter(kind=OrgKind.BRANCH).exists() and Org.objects.filter(kind=OrgKind.TEAM).exists()
    assert 2000 <= Member.objects.count() <= 10000
    # The bulk-built tree is one treebeard can work with: paths, depths and child counts agree.
    assert not any(Org.objects.find_problems())
    assert f"会员：{Member.objects.count()} 人" in output and "建会率" in output


def test_demo_town_shows_rates_below_one_hundred_percent():
    run("demo")
    cadre = get_user_model().objects.get(username="zhen")

    total = selectors.overview(user=cadre, node=Org.objects.get(name="柳溪镇总工会"))["total"]

    assert 0 < total["union_rate"] < 100
    assert 0 < total["membership_rate"] < 100
    for enterprise in Enterprise.objects.filter(union__isnull=False):
        assert enterprise.members.count() <= enterprise.worker_count


def test_every_demo_member_has_a_valid_id_matching_birth_date_and_sex():
    run("demo", members=1500)

    for id_number, birth_date, sex in Member.objects.values_list("id_number", "birth_date", "sex"):
        info = parse_id_number(id_number)
        assert (info.birth_date, info.sex) == (birth_date, sex)


def test_every_role_has_a_demo_login_with_the_shared_password():
    run("demo", members=300)
    users = get_user_model().objects.filter(username__in=[login.username for login in DEMO_LOGINS])

    assert {a.role for a in RoleAssignment.objects.filter(user__in=users)} == set(Role.values)
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert users.get(username="admin").is_superuser
    member = Member.objects.get(user__username="huiyuan")
    assert member.union == RoleAssignment.objects.get(user__username="huiyuan").node


def test_demo_logins_land_on_their_own_pages(client):
    run("demo", members=300)
    users = get_user_model().objects

    client.force_login(users.get(username="zhen"))
    assert "柳溪镇总工会" in client.get("/").text
    client.force_login(users.get(username="huiyuan"))
    assert Member.objects.get(user__username="huiyuan").name in client.get("/me/").text
    chair = users.get(username="zhuxi")
    client.force_login(chair)
    roster = client.get("/members/").text
    assert chair.role_assignments.get().node.name in roster
    assert "柳溪镇中心小学工会" not in roster


def test_demo_leaves_a_pending_transfer_for_the_chair_to_answer():
    run("demo", members=300)
    may = selectors.transfer_decider(get_user_model().objects.get(username="zhuxi"))

    pending = MembershipTransfer.objects.filter(status="pending")

    assert pending.count() == 3
    assert [may(transfer)["decide"] for transfer in pending].count(True) == 1


def test_same_seed_gives_the_same_people():
    first = [(m.name, m.id_number) for m in plan_members(plan_area(seed=7, as_of=AS_OF), seed=7)]
    again = [(m.name, m.id_number) for m in plan_members(plan_area(seed=7, as_of=AS_OF), seed=7)]
    other = [(m.name, m.id_number) for m in plan_members(plan_area(seed=8, as_of=AS_OF), seed=8)]

    assert first == again
    assert first != other


def test_demo_writes_exactly_the_planned_people():
    run("demo", members=400, seed=3)
    year_start = date(timezone.localdate().year, 1, 1)

    planned = sorted(
        (m.name, m.id_number) for m in plan_members(plan_area(seed=3, members=400, as_of=year_start), seed=3)
    )

    assert sorted(Member.objects.values_list("name", "id_number")) == planned


def test_more_members_add_towns_of_hundred_member_unions():
    town_capacity = sum(e.members for e in plan_area(seed=1, as_of=AS_OF).enterprises)

    area = plan_area(seed=1, members=town_capacity + 25_000, as_of=AS_OF)

    towns = [o for o in area.orgs if o.kind == OrgKind.FEDERATION and o.parent is not None]
    planned_towns = {area.landmarks["town"], area.landmarks["js_town"]}
    extra = [e for e in area.enterprises if e.area not in planned_towns and e.union is not None]
    assert len(towns) == 2
    assert len(extra) == 25_000 // MEMBERS_PER_UNION
    assert sum(e.members for e in area.enterprises) == town_capacity + 25_000
    assert all(e.members < e.worker_count for e in extra)


def test_if_empty_leaves_an_existing_database_alone():
    org_root("某区总工会")

    output = run("demo", "--if-empty")

    assert Org.objects.count() == 1
    assert "已有组织数据" in output


def test_refuses_to_build_over_existing_organisations():
    org_root("某区总工会")

    with pytest.raises(CommandError, match="只能建在空数据库上"):
        run("demo")
    assert not Member.objects.exists()


def test_logins_prints_every_demo_username_and_the_password():
    run("demo", members=200)

    output = run("logins")

    assert all(login.username in output for login in DEMO_LOGINS)
    assert DEMO_PASSWORD in output and "http://127.0.0.1:8000/" in output


def test_logins_says_when_there_are_no_demo_logins():
    assert "还没有演示账号" in run("logins")


def test_demo_has_a_jiangsu_town_of_its_own_whose_unions_follow_the_jiangsu_pack(client):
    run("demo", members=300)

    town = Org.objects.get(name="苇塘镇总工会")
    assert (town.depth, town.category, town.jurisdiction) == (1, OrgCategory.TOWN, Jurisdiction.JIANGSU)
    unions = Org.objects.filter(path__startswith=town.path, kind=OrgKind.UNION)
    assert unions.count() == 5
    assert {org_jurisdiction(union) for union in unions} == {"jiangsu"}
    assert org_rule(unions.first(), "agreement.offer_reply", date(2026, 6, 1)).jurisdiction == "jiangsu"
    enterprises = Enterprise.objects.filter(area=town)
    assert enterprises.count() == 7 and enterprises.filter(union__isnull=True).count() == 2
    assert {e.credit_code[2:8] for e in enterprises} == {"320583"}
    assert Member.objects.filter(union__in=unions).exists()
    client.force_login(get_user_model().objects.get(username="jszhen"))
    home = client.get("/").text
    assert "苇塘镇总工会" in home and "柳溪镇总工会" not in home
    chair = RoleAssignment.objects.get(user__username="jszhuxi")
    assert chair.node.path.startswith(town.path) and chair.node.kind == OrgKind.UNION
